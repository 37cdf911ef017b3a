"""Reference outputs of every model in manifest.json, from the independent float64 numpy evaluator
samples/training/onnx_numpy_ref.py (QONNX's documented semantics for its custom ops; nothing of
bnnc): <name>-expected.npy (one row per sample, float32) and the accuracy on the labels, written
back into the manifest. Run with Debian's python3 (python3-onnx) after make_generated.py:

    /usr/bin/python3 tests/models/external/make_expected.py
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "samples", "training"))
import require  # noqa: E402  (first: says which interpreter to use)

require.modules("numpy", "onnx")

import gzip
import json

import numpy as np

import onnx_numpy_ref  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")


def load(path):
    """A .npy file, or an IDX file (-ubyte, gzipped or not) as float32."""
    path = os.path.join(ROOT, path)
    if path.endswith(".npy"):
        return np.load(path)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape).astype(np.float32)


def main():
    with open(os.path.join(HERE, "manifest.json")) as f:
        manifest = json.load(f)
    for m in manifest["models"]:
        x = load(m["data"]).astype(np.float64) / m.get("data_div", 1)
        model = os.path.join(HERE, m["model"])
        shape = onnx_numpy_ref.onnx.load(model).graph.input[0].type.tensor_type.shape
        x = x.reshape([len(x)] + [d.dim_value for d in shape.dim][1:])
        y = onnx_numpy_ref.run_model(model, x).reshape(len(x), -1)
        np.save(os.path.join(HERE, m["expected"]), y.astype(np.float32))
        if m.get("labels"):
            labels = load(m["labels"]).astype(np.int64)
            pred = y[:, 0].astype(np.int64) if y.shape[1] == 1 else y.argmax(axis=1)
            m["reference_accuracy"] = float((pred == labels).mean())
        print(m["name"], y.shape, m.get("reference_accuracy", ""))
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
