"""Errors are bnnc.Error with the CLI's text and structured diagnostics; warnings are
Diagnostics too."""

import os

import numpy as np
import pytest

import bnnc
from conftest import MODEL, SOURCE, cli


def test_a_missing_model(tmp_path):
    path = str(tmp_path / "none.onnx")
    with pytest.raises(bnnc.Error) as caught:
        bnnc.compile(path)
    assert str(caught.value) == path + ": error: cannot open file: No such file or directory"
    (d,) = caught.value.diagnostics
    assert (d.severity, d.file, d.place, d.message) == (
        "error", path, "", "cannot open file: No such file or directory")
    assert d.text == str(caught.value)


def test_every_node_problem_of_a_model_with_its_node():
    model = os.path.join(SOURCE, "tests/models/float/mnist_float_mlp.onnx")
    with pytest.raises(bnnc.Error) as caught:
        bnnc.compile(model)
    done = cli("compile", model, "-o", os.devnull)
    assert done.returncode == 1
    assert str(caught.value) + "\n" == done.stderr  # the CLI prints the same lines
    problems = caught.value.diagnostics
    assert len(problems) == len(done.stderr.splitlines()) >= 1
    assert all(d.file == model and d.node and d.place.startswith("node '") for d in problems)
    assert [d.text for d in problems] == done.stderr.splitlines()


def test_an_image_offset_and_section(tmp_path):
    image = bnnc.compile(MODEL).to_bytes()
    broken = bytearray(image)
    broken[0x110] ^= 1  # inside META: its CRC no longer matches
    with pytest.raises(bnnc.Error) as caught:
        bnnc.load_image(bytes(broken), name="m.bnn")
    (d,) = caught.value.diagnostics
    assert (d.file, d.offset, d.section) == ("m.bnn", 0x100, "META")
    assert d.message.startswith("CRC mismatch")


def test_a_json_pointer_and_option_names():
    with pytest.raises(bnnc.Error) as caught:
        bnnc.compile(MODEL, arch={"tile_rows": -3})
    (d,) = caught.value.diagnostics
    assert (d.file, d.pointer, d.message) == ("arch", "/tile_rows",
                                               "must be a positive integer, got -3")
    image = bnnc.compile(MODEL)
    x = np.zeros((2, 784), np.float32)
    with pytest.raises(bnnc.Error, match="^chips: error: must be at least 1, got 0$"):
        bnnc.run(image, x, chips=0)
    with pytest.raises(bnnc.Error, match=r"^temperature: error: must be a number in \(0, 2000\]"):
        bnnc.run(image, x, temperature=0)
    with pytest.raises(bnnc.Error, match=r"^data: error: samples of shape \[3\] do not fit"):
        bnnc.run(image, np.zeros((2, 3), np.float32))
    with pytest.raises(bnnc.Error, match="^labels: error: 1 labels for 2 samples in data$"):
        bnnc.run(image, x, np.zeros(1, np.int64))


def test_warnings_are_diagnostics():
    model = os.path.join(SOURCE, "tests/models/p01_sign.onnx")
    image = bnnc.compile(model)
    done = cli("compile", model, "-o", os.devnull)
    assert [w.text for w in image.warnings] == done.stderr.splitlines()
    assert all(w.severity == "warning" and w.node for w in image.warnings)
