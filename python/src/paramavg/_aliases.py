"""The Java package name under which PySpark looks for paramavg's Python stages, registered on ``import paramavg``.

PySpark finds the Python class of a Java stage it loads inside a ``Pipeline``, a ``PipelineModel`` or a
tuning model by the Java class's name: it imports the module ``io.paramavg.ml`` and takes the class from
it. That module is this lazy alias of :mod:`paramavg.ml`, in ``sys.modules`` from the moment ``paramavg``
is imported, so that a program that imports only ``paramavg`` loads saved pipelines, and ``import
paramavg`` itself does not import PySpark's ML package.
"""

import importlib
import sys
import types
from typing import Any

__all__ = ["register"]

JAVA_PACKAGE = "io.paramavg.ml"


class _LazyStages(types.ModuleType):
    """Stands for :mod:`paramavg.ml`, importing it at the first attribute asked for."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("paramavg.ml"), name)


def register() -> None:
    """Puts the alias in ``sys.modules`` unless something (:mod:`paramavg.ml` itself) already did."""
    sys.modules.setdefault(JAVA_PACKAGE, _LazyStages(JAVA_PACKAGE, "paramavg.ml, under its Java package's name"))
