"""The errors the Python API raises, and the one place Java failures become them.

A Java ``SettingException`` (a value breaks its setting's rule) becomes :class:`SettingError` and a
Java ``DataFormatException`` (the data does not hold what it should: file, row, column, expected,
found) becomes :class:`DataError`, and an ``ExportRefusedException`` (a model the ONNX export cannot
translate exactly) :class:`ExportError`. All are ``ValueError`` subclasses whose message is the Java
message, without the py4j stack trace: the message is the whole story, as on the command line.
Any other Java failure goes on as PySpark raises it.

Over Spark Connect the Java exception stays on the server; the client gets the server's stack trace as
text (the failing class on its first line, each cause as ``Caused by: <class>: <message>``), which is read
for the same two classes. A Connect server without paramavg's jar answers "Unsupported ML operator, found
io.paramavg.ml..." (its ``ServiceLoader`` lists no such stage): that becomes :class:`MissingJarError`,
saying how to start the server with the jar.
"""

import functools
import re
from typing import Any, Callable, Iterator, Optional, TypeVar, cast

from py4j.protocol import Py4JJavaError
from pyspark.errors import PySparkException
from pyspark.errors.exceptions.captured import CapturedException

__all__ = [
    "ParamAvgError",
    "SettingError",
    "DataError",
    "ExportError",
    "MissingJarError",
    "ConnectUnsupportedError",
    "translate_java_errors",
]

_SETTING = "io.paramavg.worker.settings.SettingException"
_DATA = "io.paramavg.worker.data.DataFormatException"
_EXPORT = "io.paramavg.worker.onnx.ExportRefusedException"


class ParamAvgError(Exception):
    """Base of the errors paramavg's Python API raises itself."""


class SettingError(ParamAvgError, ValueError):
    """A Param's value breaks its rule: names the Param, the configuration key, the rule and the value."""


class DataError(ParamAvgError, ValueError):
    """The data does not hold what it should; the message is the Java side's (file, field, expected, found)."""


class ExportError(ParamAvgError, ValueError):
    """The model holds something the export cannot translate exactly; the message names it."""


class MissingJarError(ParamAvgError, RuntimeError):
    """The Spark session cannot see paramavg's classes: the application jar is not on its classpath."""


class ConnectUnsupportedError(ParamAvgError, NotImplementedError):
    """A method that needs the JVM in the client's process, called over Spark Connect; says what to do instead."""


def _java_throwable(error: BaseException) -> Optional[Any]:
    """The Java exception behind a py4j or PySpark-captured error, if there is one."""
    if isinstance(error, Py4JJavaError):
        return error.java_exception
    if isinstance(error, CapturedException):
        # PySpark keeps the Java throwable itself there (typed as a Py4JJavaError, which it is not).
        origin = getattr(error, "_origin", None)
        return origin.java_exception if isinstance(origin, Py4JJavaError) else origin
    return None


def _causes(throwable: Any) -> Iterator[Any]:
    """The throwable and its causes, outermost first (a task's failure is wrapped by Spark's)."""
    while throwable is not None:
        yield throwable
        cause = throwable.getCause()
        throwable = None if cause is None or cause.equals(throwable) else cause


def translated(error: BaseException, param: Optional[str] = None) -> Optional[ParamAvgError]:
    """The paramavg error a Java failure stands for, or None when it is none of paramavg's.

    ``param`` names the Python Param being set, which the message then starts with.
    """
    throwable = _java_throwable(error)
    for cause in _causes(throwable):
        name = cause.getClass().getName()
        if name == _SETTING:
            message = str(cause.getMessage())
            return SettingError(f"{param}: {message}" if param else message)
        if name == _DATA:
            return DataError(str(cause.getMessage()))
        if name == _EXPORT:
            return ExportError(str(cause.getMessage()))
    return None


#: A line of a Connect server's stack trace naming one of paramavg's exceptions (the cause lines hold the message).
_CONNECT_CAUSE = re.compile(r"^(?:Caused by: )?(io\.paramavg\.[\w.$]+)(?:: (.*))?$", re.MULTILINE)
#: What Connect's ML says when its ServiceLoader lists no paramavg stage: the server lacks the jar.
_CONNECT_NO_STAGE = re.compile(r"Unsupported (?:ML operator, found|read for) (io\.paramavg\.[\w.]+)")

CONNECT_SERVER_JAR = (
    "start the Connect server with paramavg's application jar: spark-submit --jars <jar> --class "
    "org.apache.spark.sql.connect.service.SparkConnectServer, or for a local one paramavg.connect.local_session(); "
    "the jar is paramavg.jar()"
)


def translated_connect(error: BaseException, param: Optional[str] = None) -> Optional[ParamAvgError]:
    """The paramavg error a Spark Connect server's failure stands for, or None when it is none of paramavg's."""
    if isinstance(error, CapturedException) or not isinstance(error, PySparkException):
        return None
    getter = getattr(error, "getStackTrace", None)
    trace = (getter() if callable(getter) else None) or ""
    message = str(getattr(error, "_message", None) or error)
    missing = _CONNECT_NO_STAGE.search(message)
    if missing:
        return MissingJarError(
            f"the Spark Connect server cannot make {missing.group(1)}: paramavg's application jar is not on its "
            f"classpath; {CONNECT_SERVER_JAR}"
        )
    for match in _CONNECT_CAUSE.finditer(trace):
        name, text = match.group(1), match.group(2)
        if text is None:
            # The first line names the failing class only; its message is the error's own.
            text = message
        if name == _SETTING:
            return SettingError(f"{param or _param_of(text)}: {text}")
        if name == _DATA:
            return DataError(text)
    return None


def _param_of(message: str) -> str:
    """The Param a setting's message is about: its configuration key's last part in camel case, as the Java
    stages name their Params (``train.epochs must be ...`` is about ``epochs``, ``model.learning-rate`` about
    ``learningRate``)."""
    key = re.match(r"(?:data|model|train)\.([a-z0-9-]+)", message)
    if key is None:
        return "a setting"
    first, *rest = key.group(1).split("-")
    return first + "".join(part.capitalize() for part in rest)


F = TypeVar("F", bound=Callable[..., Any])


def translate_java_errors(method: F) -> F:
    """Decorates a method that calls the JVM: paramavg's Java errors come out as Python ones."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (Py4JJavaError, PySparkException) as error:
            mapped = translated(error) if isinstance(error, (Py4JJavaError, CapturedException)) else None
            mapped = mapped or translated_connect(error)
            if mapped is None:
                raise
            raise mapped from None

    return cast(F, call)
