"""What both Python stages share: their Java peer, its reader, and Param values checked on the JVM at once.

PySpark's own wrappers hand values to the JVM only when ``fit`` or ``transform`` runs; these check each
value as it is set, against the Java Param's validator (which is the setting's one rule), so
``setEpochs(0)`` fails on the line that wrote it. Over Spark Connect there is no JVM in the client: the
peer is the Java class's name (or, for a fitted model, the server's reference to it), and the server
checks each value when the stage reaches it (fit, save), with the same rule and message.
"""

from typing import Any, ClassVar, Generic, Type, TypeVar

from py4j.java_gateway import JavaObject
from py4j.protocol import Py4JJavaError
from pyspark.errors.exceptions.captured import CapturedException
from pyspark.ml.util import JavaMLReadable, JavaMLReader, JavaMLWritable

from .._connect import ConnectReader, is_connect
from .._session import require_class
from ..errors import translate_java_errors, translated

__all__ = ["ParamAvgStage"]

S = TypeVar("S", bound="ParamAvgStage")


class _Reader(JavaMLReader[S]):
    """PySpark's Java reader, told the Java class by the stage (PySpark's default derives it from the module)."""

    @classmethod
    def _java_loader_class(cls, clazz: Type[Any]) -> str:
        require_class(clazz._java_class)
        return clazz._java_class


class ParamAvgStage(JavaMLReadable[S], JavaMLWritable, Generic[S]):
    """Mixin for a stage whose peer is the Java class named by ``_java_class``."""

    _java_class: ClassVar[str]
    _java_obj: Any

    @classmethod
    def read(cls) -> Any:
        """A reader of stages saved by ``save`` in Python or ``write().save`` in Java or Scala."""
        if is_connect():
            return ConnectReader(cls)
        return _Reader(cls)

    def _new_peer(self) -> Any:
        """A new Java stage with this stage's uid; fails clearly when the session lacks the jar. Over Spark
        Connect, the Java class's name, which PySpark sends to the server with the uid and the Params."""
        if is_connect():
            return self._java_class
        require_class(self._java_class)
        return self._new_java_obj(self._java_class, self.uid)  # type: ignore[attr-defined]

    def _set(self: S, **kwargs: Any) -> S:
        names = {p.name for p in self.params}  # type: ignore[attr-defined]
        for name, value in kwargs.items():
            if name not in names:
                raise TypeError(
                    f"{type(self).__name__} has no Param {name!r}; its Params: {', '.join(sorted(names))}"
                )
            if value is None or not isinstance(getattr(self, "_java_obj", None), JavaObject):
                continue
            param = getattr(self, name)
            try:
                converted = param.typeConverter(value)
            except TypeError as e:
                raise TypeError(f'Invalid param value given for param "{name}". {e}') from None
            if self._java_obj.hasParam(name):
                try:
                    # Building the Java ParamPair runs the Java Param's validator.
                    self._make_java_param_pair(param, converted)  # type: ignore[attr-defined]
                except (Py4JJavaError, CapturedException) as error:
                    mapped = translated(error, param=name)
                    if mapped is None:
                        raise
                    raise mapped from None
        return super()._set(**kwargs)  # type: ignore[misc]

    @translate_java_errors
    def _transfer_params_to_java(self) -> None:
        # Values that reach the Java stage without _set (a ParamGridBuilder's, a copy's) are checked here.
        super()._transfer_params_to_java()  # type: ignore[misc]
