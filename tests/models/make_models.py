"""Builds the exporter-pattern zoo in tests/models/: small BNNs with seeded random weights (no
training), each exercising one ONNX pattern that real exporters write and the bnnc importer must
accept. For every model: <name>.onnx, <name>-x.npy (16 float32 samples), <name>-expected.npy
(float32 outputs) and an entry in manifest.json (paths relative to this directory).

Expected outputs come from PyTorch for models it exports and from direct numpy code for models
written with the onnx helper API. Every model is then checked with onnx.checker and re-run in a
float64 numpy interpreter (samples/training/onnx_numpy_ref.py): same argmax, values within
1e-5 (abs + rel), and every binarizer input at least 1e-4 away from its threshold, so rounding
can never flip a sign (hidden thresholds sit midway between achievable dot values).

Run: /usr/bin/python3 tests/models/make_models.py   (torch 1.13, onnx 1.12; a few seconds)
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "samples", "training"))
import require  # noqa: E402  (first: says which interpreter to use)

require.modules("numpy", "torch", "onnx")

import json

import numpy as np
import torch

import zoo_helper
import zoo_torch
import zoo_torch_conv
import zoo_util as zu

# (builder, seed): each builder has its own seed so adding one never changes the others
TORCH_BUILDERS = [
    (zoo_torch.p01_sign, 101), (zoo_torch.p02_ste_detach, 102), (zoo_torch.p03_ge_where, 103),
    (zoo_torch.p03_ge_where_constofshape, 104), (zoo_torch.p03_ge_where_materialized, 105),
    (zoo_torch.p04_linear_computed_weight, 106), (zoo_torch.p05_gemm_bias, 107),
    (zoo_torch.p07_bias_expand_torch, 108), (zoo_torch.p08_clip, 109),
    (zoo_torch_conv.p09_flatten_reshape, 110), (zoo_torch_conv.p10_identity_dedup, 111),
    (zoo_torch_conv.p11_conv2d, 112), (zoo_torch_conv.p12_conv1d, 113),
    (zoo_torch.p13_bn_gamma, 114), (zoo_torch_conv.p14_folded_conv, 115),
    (zoo_torch_conv.p15_scalar_affine, 116), (zoo_torch.p16_softmax, 117),
    (zoo_torch_conv.p19_external_data, 118), (zoo_torch.p20_dynamic_batch, 119),
    (zoo_torch.p21_mean_abs_scale, 120),
]
HELPER_BUILDERS = [
    (zoo_helper.p06_gemm_variants, 201), (zoo_helper.p07_bias_expand, 202),
    (zoo_helper.p17_bipolar_quant, 203), (zoo_helper.p18_multithreshold, 204),
]


def entry(name, x, y, bits, rnge, pattern, source):
    np.save(os.path.join(zu.HERE, name + "-x.npy"), x.astype(np.float32))
    np.save(os.path.join(zu.HERE, name + "-expected.npy"), y.astype(np.float32))
    return {"name": name, "model": name + ".onnx", "data": name + "-x.npy",
            "expected": name + "-expected.npy", "input_bits": bits, "input_range": rnge,
            "pattern": pattern, "expected_from": source}


def run_torch(builder, seed):
    torch.manual_seed(seed)
    cases = builder(np.random.RandomState(seed))
    out = []
    for name, x, y, bits, rnge, pattern in cases if isinstance(cases, list) else [cases]:
        err, margin = zu.verify(os.path.join(zu.HERE, name + ".onnx"), x, y)
        print(f"{name}: torch vs numpy max abs err {err:.2g}, min margin {margin:.3g}")
        out.append(entry(name, x, y, bits, rnge, pattern, "pytorch"))
    return out


def run_helper(builder, seed):
    name, model, x, y, bits, rnge, pattern = builder(np.random.RandomState(seed))
    path = zoo_helper.save(name, model)
    custom = any(o.domain not in ("", "ai.onnx") for o in model.opset_import)
    # custom-domain ops have no schemas, so the strict full check (shape inference) is skipped
    err, margin = zu.verify(path, x, y, full_check=not custom)
    print(f"{name}: direct numpy vs graph max abs err {err:.2g}, min margin {margin:.3g}")
    return [entry(name, x, y, bits, rnge, pattern, "numpy")]


def main():
    manifest = []
    for builder, seed in TORCH_BUILDERS:
        manifest += run_torch(builder, seed)
    for builder, seed in HELPER_BUILDERS:
        manifest += run_helper(builder, seed)
    manifest.sort(key=lambda e: e["name"])
    with open(os.path.join(zu.HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"{len(manifest)} models written")


if __name__ == "__main__":
    main()
