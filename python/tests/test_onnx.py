"""A fitted model's ONNX export passes onnx's checker and scores, in ONNX Runtime, as transform does; a model
the export cannot translate raises ExportError."""

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest
from pyspark.sql import DataFrame

from conftest import small
from paramavg.errors import ExportError
from paramavg.ml import ParamAvgClassificationModel


@pytest.mark.slow
def test_the_exported_graph_is_valid_onnx_and_scores_the_test_set_as_transform_does(
    train: DataFrame, test: DataFrame, tmp_path
) -> None:
    model = small().fit(train)
    path = tmp_path / "model.onnx"

    model.exportOnnx(str(path))

    onnx.checker.check_model(str(path), full_check=True)
    rows = model.transform(test).select("features", "probability", "prediction").collect()
    features = np.array([row.features.toArray() for row in rows], dtype=np.float32)
    expected = np.array([row.probability.toArray() for row in rows], dtype=np.float32)
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    probabilities, classes = session.run(["probabilities", "class"], {"features": features})

    assert [int(row.prediction) for row in rows] == classes.tolist()
    assert np.abs(probabilities - expected).max() <= 1e-5
    metadata = session.get_modelmeta().custom_metadata_map
    assert json.loads(metadata["paramavg.labels"]) == [str(c) for c in range(10)]
    assert json.loads(metadata["paramavg.manifest"])["data"]["format"] == "dataframe"
    assert path.read_bytes() == model.onnx()


def test_a_model_the_export_cannot_translate_raises_export_error_naming_why(spark) -> None:
    # A model.zip written before the manifest moved inside it: read alone, its input scaling is unknown.
    golden = Path(__file__).parents[2] / "driver/src/test/resources/golden/v1-model-manifest-beside/model.zip"
    model = ParamAvgClassificationModel.fromModelZip(str(golden))

    with pytest.raises(ExportError, match="has no paramavg manifest, so the scaling its inputs were trained with "
                                          "is unknown"):
        model.onnx()
