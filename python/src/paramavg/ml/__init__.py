"""paramavg's PySpark ML stages: :class:`ParamAvgClassifier` and :class:`ParamAvgClassificationModel`."""

import sys

from .classification import ParamAvgClassificationModel, ParamAvgClassifier

__all__ = ["ParamAvgClassifier", "ParamAvgClassificationModel"]

# PySpark finds the Python class of a Java stage it loads inside a Pipeline, a PipelineModel or a
# tuning model by the Java class's name (JavaParams._from_java imports "io.paramavg.ml" and takes
# the class from it). This alias makes that name this module, so saved pipelines load as Python
# stages without patching PySpark.
sys.modules.setdefault("io.paramavg.ml", sys.modules[__name__])
