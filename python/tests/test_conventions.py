"""The stages as a PySpark user expects them of MLlib's: a constructor signature that shows every Param,
and saved pipelines that load in a program that imported only ``paramavg``."""

import inspect
import subprocess
import sys

from paramavg.ml import ParamAvgClassifier

ALIAS_ONLY = """
import sys
import paramavg
assert "paramavg.ml" not in sys.modules, "import paramavg alone imports no ML stages"
# What PySpark's readers do with a saved stage's Java class name (DefaultParamsReader, JavaParams._from_java).
found = getattr(__import__("io.paramavg.ml", fromlist=["ParamAvgClassificationModel"]), "ParamAvgClassificationModel")
print(found.__module__ + "." + found.__name__)
"""


def test_constructor_signature_is_keyword_only_with_every_param_and_its_default() -> None:
    parameters = inspect.signature(ParamAvgClassifier).parameters
    defaults = ParamAvgClassifier._Params()
    assert {p.name for p in defaults.params} == set(parameters)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    assert parameters["epochs"].default == 15
    assert parameters["hiddenLayers"].default == [256, 128]
    assert parameters["featuresCol"].default == "features"
    assert inspect.signature(ParamAvgClassifier.setParams).parameters.keys() == {"self", *parameters}


def test_importing_paramavg_alone_lets_pysparks_readers_find_the_python_stages() -> None:
    done = subprocess.run([sys.executable, "-c", ALIAS_ONLY], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "paramavg.ml.classification.ParamAvgClassificationModel"
