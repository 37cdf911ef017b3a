"""bnnc: compile binarized neural networks for 2T2R RRAM in-memory chips, and emulate the chips.

    import bnnc, numpy as np
    image = bnnc.compile("samples/models/mnist_mlp.onnx")
    x = np.load("samples/data/mnist_mlp-test-x.npy")
    y = np.load("samples/data/mnist_mlp-test-y.npy")
    report = bnnc.run(image, x, y, chips=10, seed=1)
    report["accuracy_per_chip"]     # numpy array, one accuracy per chip

The reports hold the keys of `bnnc run --json` (docs/cli.md), arrays as numpy arrays; sweeps give
one dict per point with the columns of `bnnc sweep` (docs/sweep-format.md). Errors raise
bnnc.Error, whose `diagnostics` say where each problem is. docs/python.md is the guide.
"""

import json
import os
import tempfile
import warnings

import numpy as np

from . import _bnnc
from ._bnnc import Diagnostic, Error, Image, __version__, compile, inspect, load_image

__all__ = ["Bench", "BnncWarning", "Diagnostic", "Error", "Image", "compile", "inspect",
           "load_image", "run", "sweep", "__version__"]


class BnncWarning(UserWarning):
    """A warning of bnnc (the tie policy, data outside the input range...)."""


# Report keys that hold one value per sample or per chip: numpy arrays.
_ARRAYS = {"predictions": np.int64, "accuracy_per_chip": np.float64,
           "static_errors_per_chip": np.int64, "read_errors_per_chip": np.int64}


class Bench(_bnnc.Bench):
    """An image prepared once on a data set, evaluated on any number of populations of chips.

    Bench(image, data, labels=None, data_div=1.0, threads=1): `data` is a float array (samples
    first, in the model's input shape or flattened) or a data file (.npy, IDX, .csv) read as
    `bnnc run --data` reads it; `labels` an integer array or a labels file.
    """

    def run(self, *, chips=1, seed=1, device=None, ber=None, cycles=0.0, retention_time=0.0,
            temperature=300.0, ideal=False, threads=1, technology=None, condition=None,
            fault_map=None):
        """The report of `bnnc run` for these options, as a dict (plus chip 0's `outputs`)."""
        text, outputs = self._run(chips, seed, device, ber, cycles, retention_time, temperature,
                                  ideal, threads, technology, condition, fault_map)
        report = json.loads(text)
        for key, dtype in _ARRAYS.items():
            if report.get(key) is not None:
                report[key] = np.asarray(report[key], dtype=dtype)
        report["outputs"] = outputs
        return report


def _image(image):
    return image if isinstance(image, Image) else load_image(image)


def run(image, data, labels=None, *, data_div=1.0, threads=1, **population):
    """Runs `image` (an Image or an image file) on `data` with chips as `bnnc run` does.

    The keywords are Bench.run's: chips, seed, device, ber, cycles, retention_time, temperature,
    ideal, technology, condition, fault_map.
    """
    bench = Bench(_image(image), data, labels, data_div, threads)
    return bench.run(threads=threads, **population)


def _description(description):
    if description is None:
        return {}
    if isinstance(description, dict):
        return json.loads(json.dumps(description))  # a copy
    with open(description) as f:
        return json.load(f)


def _axes(grid):
    """A grid as axes: {"ber": [...], ...} is one axis per key; a list is axes as written."""
    if grid is None:
        return []
    if isinstance(grid, dict):
        return [{name: list(values)} for name, values in grid.items()]
    return list(grid)


def _file(value, directory, name, save):
    """A path for `value`: itself when it is one, else `value` saved under `directory`."""
    if value is None or isinstance(value, (str, os.PathLike)):
        return "" if value is None else os.fspath(value)
    path = os.path.join(directory, name)
    save(path, value)
    return path


def sweep(model=None, data=None, labels=None, *, description=None, base=None, grid=None,
          points=None, data_div=1.0, samples=None, input_bits=None, input_range=None,
          technology=None, threads=1, shard=(0, 1)):
    """Runs a model over the points of a sweep; one dict per point, in point order.

    `model` is an .onnx path, a chip image (a path or an Image), or a list of them (an axis);
    `description` a sweep description (a dict or a JSON file, docs/sweep-format.md), to which
    `base` (settings of every point), `grid` ({"ber": [...]} or a list of axes) and `points`
    are added. The rows hold the columns of `bnnc sweep -o x.jsonl`.
    """
    spec = _description(description)
    spec.setdefault("base", {}).update(base or {})
    with tempfile.TemporaryDirectory(prefix="bnnc-sweep-") as tmp:
        models = model if isinstance(model, (list, tuple)) else [model]
        paths = [_file(m, tmp, f"model{i}.bnn", lambda p, v: v.save(p))
                 for i, m in enumerate(models) if m is not None]
        axes = _axes(grid)
        if isinstance(model, (list, tuple)):
            axes.insert(0, {"model": paths})
        elif paths:
            spec["base"]["model"] = paths[0]
        spec["grid"] = spec.get("grid", []) + axes
        spec["points"] = spec.get("points", []) + list(points or [])
        x = _file(data, tmp, "data.npy", lambda p, v: np.save(p, np.asarray(v, np.float32)))
        y = _file(labels, tmp, "labels.npy", lambda p, v: np.save(p, np.asarray(v, np.int64)))
        rows, diagnostics = _bnnc._sweep(json.dumps(spec), x, y, data_div, samples, input_bits,
                                         input_range, technology, threads, tuple(shard))
    for d in diagnostics:
        warnings.warn(d.text, BnncWarning, stacklevel=2)
    return [json.loads(r) for r in rows]
