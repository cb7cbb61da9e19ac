"""The estimator's constructor signature, made from its Params: keyword-only, each with its default.

PySpark's own estimators spell their signature out (``LogisticRegression(*, featuresCol='features', ...,
maxIter=100, ...)``), so ``help()``, ``inspect.signature`` and editors show every Param and its default.
paramavg's settings are generated from the Java declarations (``_settings.py``), so the signature is made
from the same Params rather than restated: one keyword-only parameter per Param, defaulting to the Param's
default (``None`` for a Param with none), in the order :meth:`explainParams` lists them.
"""

import inspect
from typing import Any, Callable, Type

from pyspark.ml.param import Params

__all__ = ["keyword_only_signature"]


def keyword_only_signature(params_class: Type[Params], method: Callable[..., Any]) -> inspect.Signature:
    """``method``'s signature as ``self`` and every Param of ``params_class`` as a keyword-only parameter.

    ``params_class`` must be constructible with no arguments and no JVM (the Params mixins are).
    """
    defaults = params_class()
    parameters = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for param in defaults.params:
        default = defaults.getOrDefault(param) if defaults.hasDefault(param) else None
        parameters.append(inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, default=default))
    return inspect.Signature(parameters, return_annotation=inspect.signature(method).return_annotation)
