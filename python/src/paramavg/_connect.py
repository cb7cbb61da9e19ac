"""Spark Connect: telling a Connect session from a classic one, and reading paramavg's stages over Connect.

A Spark Connect client has no JVM of its own: PySpark sends ML commands to the server, which makes the Java
stages by class name (Spark 4 finds them through ``ServiceLoader``; paramavg's jar lists both). PySpark's
own wrappers do that for fit, transform and save, but its reader derives the Java class from the Python
module's name (``pyspark.ml.x`` to ``org.apache.spark.ml.x``), which is wrong for a stage outside PySpark;
:class:`ConnectReader` sends the stage's own Java class instead.
"""

from typing import Any, Generic, Type, TypeVar

from pyspark.ml.util import MLReader
from pyspark.sql.utils import is_remote

__all__ = ["is_connect", "ConnectReader", "UNREACHABLE"]

R = TypeVar("R")

#: What a user reads when a model method needs the JVM that a Connect client does not have.
UNREACHABLE = (
    "{what} is not reachable over Spark Connect: Connect's ML lets a client call only the model methods on "
    "its fixed list (MLUtils' allowed attributes), and this is not one of them; in a classic session "
    "(SparkSession.builder.master(...)) load the saved model, or read its data/model.zip, a plain DL4J model"
)


def is_connect() -> bool:
    """True when PySpark runs as a Spark Connect client (``SparkSession.builder.remote(...)``), as PySpark's
    own wrappers decide it: then no Python code may reach the JVM through py4j."""
    return is_remote()


class ConnectReader(MLReader, Generic[R]):
    """Loads a paramavg stage saved on any file system the Connect server reads, as that server's Java reader
    reads it (the files are the same as a classic session's)."""

    def __init__(self, clazz: Type[Any]) -> None:
        super().__init__()
        self._clazz = clazz

    def load(self, path: str) -> R:
        import pyspark.sql.connect.proto as pb2
        from pyspark.ml.connect.serialize import deserialize, deserialize_param
        from pyspark.ml.util import RemoteModelRef
        from pyspark.ml.wrapper import JavaModel
        from pyspark.sql.connect.session import SparkSession

        from .errors import translate_java_errors

        if not isinstance(path, str):
            raise TypeError(f"path should be a string, got type {type(path)}")
        session = SparkSession.getActiveSession()
        if session is None:
            raise RuntimeError(f"loading {self._clazz.__name__} over Spark Connect needs an active session")
        is_model = issubclass(self._clazz, JavaModel)
        kind = pb2.MlOperator.OPERATOR_TYPE_MODEL if is_model else pb2.MlOperator.OPERATOR_TYPE_ESTIMATOR
        command = pb2.Command()
        command.ml_command.read.CopyFrom(
            pb2.MlCommand.Read(operator=pb2.MlOperator(name=self._clazz._java_class, type=kind), path=path)
        )
        _, properties, _ = translate_java_errors(session.client.execute_command)(command)
        result = deserialize(properties)
        instance = self._clazz(RemoteModelRef(result.obj_ref.id)) if is_model else self._clazz()
        instance._resetUid(result.uid)
        instance._set(**{name: deserialize_param(value) for name, value in result.params.params.items()})
        return instance
