"""The errors the Python API raises, and the one place Java failures become them.

A Java ``SettingException`` (a value breaks its setting's rule) becomes :class:`SettingError` and a
Java ``DataFormatException`` (the data does not hold what it should: file, row, column, expected,
found) becomes :class:`DataError`, and an ``ExportRefusedException`` (a model the ONNX export cannot
translate exactly) :class:`ExportError`. All are ``ValueError`` subclasses whose message is the Java
message, without the py4j stack trace: the message is the whole story, as on the command line.
Any other Java failure goes on as PySpark raises it.
"""

import functools
from typing import Any, Callable, Iterator, Optional, TypeVar, cast

from py4j.protocol import Py4JJavaError
from pyspark.errors.exceptions.captured import CapturedException

__all__ = ["ParamAvgError", "SettingError", "DataError", "ExportError", "MissingJarError", "translate_java_errors"]

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


F = TypeVar("F", bound=Callable[..., Any])


def translate_java_errors(method: F) -> F:
    """Decorates a method that calls the JVM: paramavg's Java errors come out as Python ones."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (Py4JJavaError, CapturedException) as error:
            mapped = translated(error)
            if mapped is None:
                raise
            raise mapped from None

    return cast(F, call)
