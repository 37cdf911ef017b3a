"""bnnc.inspect of a model and of an image, and bnnc.sweep's rows against bnnc sweep's."""

import json

import pytest

import bnnc
from conftest import DATA, LABELS, MODEL, cli


def test_inspect_a_model_and_its_image(tmp_path):
    model = bnnc.inspect(MODEL)
    assert model["compiles"] and model["layers"] == 3 and model["problems"] == []
    assert model["input"].startswith("[784], binarized in the model")
    assert {n["role"] for n in model["nodes"]} >= {"layer 0: binary weights on 2T2R tiles"}
    image = bnnc.compile(MODEL, condition="low-energy", arch={"tile_rows": 256, "tile_cols": 256})
    report = bnnc.inspect(image.to_bytes(), name="m.bnn")
    assert report["error"] is None and report["writer"] == image.writer
    assert [s["tag"] for s in report["sections"]][-1] == "VERS"
    assert image.condition == "low-energy" and image.arch["tile_rows"] == 256


def test_sweep_rows_are_the_cli_rows(tmp_path):
    out = tmp_path / "s.jsonl"
    done = cli("sweep", MODEL, "--data", DATA, "--labels", LABELS, "--samples", 100, "--tile",
               "128,256", "--ber", "1e-3,1e-2", "--chips", 2, "-o", out)
    assert done.returncode == 0, done.stderr
    expected = [json.loads(line) for line in out.read_text().splitlines()]
    rows = bnnc.sweep(MODEL, DATA, LABELS, samples=100, base={"chips": 2},
                      grid=[{"tile_rows": [128, 256], "tile_cols": [128, 256]},
                            {"ber": [1e-3, 1e-2]}])
    assert rows == expected


def test_sweep_over_models_and_arrays(mnist):
    x, y = mnist
    image = bnnc.compile(MODEL, condition="endurance")
    rows = bnnc.sweep([MODEL, image], x[:50], y[:50], grid={"ber": [0.0, 0.05]})
    assert [(r["point"], r["ber"]) for r in rows] == [(0, 0.0), (1, 0.05), (2, 0.0), (3, 0.05)]
    assert rows[0]["model"] == MODEL and rows[2]["model"].endswith("model1.bnn")
    assert rows[0]["accuracy"] == rows[2]["accuracy"]  # one program, two images
    with pytest.raises(bnnc.Error, match="^sweep: /grid/0/ber/0: error: must be a number in"):
        bnnc.sweep(MODEL, x, y, grid={"ber": [2]})
