"""paramavg's PySpark ML stages: :class:`ParamAvgClassifier` and :class:`ParamAvgClassificationModel`."""

import sys

from .._aliases import JAVA_PACKAGE
from .classification import ParamAvgClassificationModel, ParamAvgClassifier

__all__ = ["ParamAvgClassifier", "ParamAvgClassificationModel"]

# PySpark finds the Python class of a Java stage it loads inside a Pipeline, a PipelineModel or a
# tuning model by the Java class's name (it imports "io.paramavg.ml" and takes the class from it).
# `import paramavg` registered a lazy alias under that name (paramavg._aliases); this makes it this
# module itself, so saved pipelines load as Python stages without patching PySpark.
sys.modules[JAVA_PACKAGE] = sys.modules[__name__]
