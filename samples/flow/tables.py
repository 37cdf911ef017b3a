"""Writes the flow's Markdown tables from bnnc's compile and run reports.

    tables.py --out DIR --arch-dir OUT/default --condition typical ...   (see the Makefile)

models.md      every model: the exporter's accuracy, the reference interpreter's, the ideal
               chip's, its size on the chip, energy and latency per inference
conditions.md  the programming conditions side by side: parameters, then per model the weight
               BER the virtual chips showed, accuracy fresh and aged, programming energy and time
memory.md      the binarized ECG network against an 8-bit network of the same layers
facts.json     the numbers the report's text quotes (savings, ratios), so that the text and the
               tables come from the same runs
"""

import argparse
import json
import math
import os
import re

import flowlib
from flowlib import ber_ci, md_table, pct, pct_ci, sci, si


def sample_json(samples, model):
    path = os.path.join(samples, "models", model + ".json")
    return flowlib.load_json(path) if os.path.exists(path) else None


def binary_weights(compile_report):
    """Weights of the mapped layers: one 2T2R cell each."""
    return sum(layer["fan_in"] * layer["neurons"] for layer in compile_report["layers"])


def models_table(a, facts):
    rows, differ = [], []
    for m in a.models:
        meta = sample_json(a.samples, m)
        ref = flowlib.load_json(os.path.join(a.reference, m + ".json"))
        ideal = flowlib.load_json(os.path.join(a.arch_dir, a.condition, m + ".ideal.json"))
        comp = flowlib.load_json(os.path.join(a.arch_dir, a.condition, m + ".compile.json"))
        exporter = pct(meta["torch_accuracy"], 2) if meta else "n/a"
        same = "yes" if ideal["predictions"] == ref["predictions"] else "**no**"
        if same != "yes":
            differ.append(m)
        facts[f"{m}_energy"] = si(ideal["energy_per_inference_pj"], "pJ")
        facts[f"{m}_latency"] = si(ideal["latency_per_inference_ns"], "ns")
        facts[f"{m}_chip_accuracy"] = pct(ideal["accuracy"], 2)
        # how many inferences one millijoule (the talk's CPU/GPU figure per digit) pays for
        per_mj = float(f"{1e9 / ideal['energy_per_inference_pj']:.2g}")  # 2 significant digits
        facts[f"{m}_per_mj"] = f"{per_mj:,.0f}"
        rows.append([f"`{m}`", ideal["samples"], exporter, pct(ref["accuracy"], 2),
                     pct(ideal["accuracy"], 2), same, f"{binary_weights(comp):,}",
                     comp["tiles_used"], si(ideal["energy_per_inference_pj"], "pJ"),
                     si(ideal["latency_per_inference_ns"], "ns"),
                     si(ideal["programming_energy_nj"], "nJ")])
    facts["ideal_vs_interpreter"] = (
        "equal the reference interpreter's on every test sample of every model" if not differ
        else "DIFFER from the reference interpreter's for " + ", ".join(differ) +
        " (a bnnc bug: please report it)")
    header = ["model", "test samples", "exporter", "interpreter", "ideal chip",
              "same predictions", "binary weights", "tiles", "energy / inference", "latency",
              f"programming ({a.condition})"]
    return md_table(header, rows)


def condition_parameters(a, facts):
    presets = {c["name"]: c for c in flowlib.load_json(a.conditions_json)["conditions"]}
    rows, bounds = [], []
    for c in a.conditions:
        p = {k: (v["value"] if isinstance(v, dict) else v) for k, v in presets[c].items()}
        bounds.append(p["ber_bound"])
        rows.append([f"`{c}`", f"{p['reset_voltage_v']:g} V", si(p["pulse_ns"], "ns"),
                     f"{p['set_energy_pj']:g} / {p['reset_energy_pj']:g} pJ",
                     f"< {sci(p['ber_bound'], 1)}", sci(p['endurance_cycles'], 1)])
    facts["max_ber_bound"] = bounds and max(bounds)  # a number: report.py compares with it
    header = ["condition", "RESET voltage (talk)", "pulse (talk)",
              "energy per SET / RESET (law)", "2T2R BER bound (talk)", "endurance, cycles (law)"]
    return md_table(header, rows)


def run_report(a, condition, model, kind):
    return flowlib.load_json(
        os.path.join(a.arch_dir, condition, f"{model}.{kind}-{a.run_tag}.json"))


def binary_weights_of_run(a, condition, model):
    return binary_weights(
        flowlib.load_json(os.path.join(a.arch_dir, condition, model + ".compile.json")))


def conditions_table(a, facts):
    rows, largest_change = [], 0.0
    presets = {c["name"]: c for c in flowlib.load_json(a.conditions_json)["conditions"]}
    endurance = {c: presets[c]["endurance_cycles"] for c in a.conditions}
    endurance = {c: e["value"] if isinstance(e, dict) else e for c, e in endurance.items()}
    summary = []  # the first model's aged chips, condition by condition
    for m in a.device_models:
        energy = {}
        for c in a.conditions:
            fresh, aged = run_report(a, c, m, "2t2r"), run_report(a, c, m, "aged")
            energy[c] = fresh["programming_energy_nj"]
            facts[f"{m}_{c}_accuracy"] = pct(fresh["accuracy"], 2)
            facts[f"{m}_{c}_ber"] = sci(fresh["weight_ber_static"])
            facts[f"{m}_{c}_ber_ci"] = ber_ci(fresh)
            facts[f"{m}_{c}_aged_accuracy"] = pct(aged["accuracy"], 2)
            facts[f"{m}_{c}_programming"] = si(fresh["programming_energy_nj"], "nJ")
            facts[f"{m}_{c}_static_errors"] = str(sum(fresh["static_errors_per_chip"]))
            facts[f"{m}_{c}_cells"] = f"{binary_weights_of_run(a, c, m):,}"
            facts[f"{m}_{c}_aged_ber"] = sci(aged["weight_ber_static"])
            if m == a.device_models[0]:
                summary.append(f"`{c}`, {a.aged_cycles / endurance[c]:.3g} times its rated "
                               f"{sci(endurance[c], 1)} cycles: BER {sci(aged['weight_ber_static'])}"
                               f", {pct(aged['accuracy'], 1)} accurate")
            drop = round(100 * (fresh["accuracy"] - fresh["ideal_accuracy"]), 2) + 0.0  # no -0
            largest_change = max(largest_change, abs(drop))
            rows.append([f"`{m}`", f"`{c}`", ber_ci(fresh), pct_ci(fresh),
                         f"{drop:+.2f}", ber_ci(aged), pct_ci(aged),
                         si(fresh["programming_energy_nj"], "nJ"),
                         si(fresh["programming_time_us"], "us")])
        for c in a.conditions:  # against the first condition (typical by default)
            facts[f"{m}_{c}_energy_ratio"] = f"{energy[a.conditions[0]] / energy[c]:.3g}"
    facts["aged_cycles"] = sci(a.aged_cycles, 1)
    facts["aged_summary"] = "; ".join(summary)
    facts["largest_condition_change"] = f"{largest_change:.2f}"
    aged = sci(a.aged_cycles, 1)
    header = ["model", "condition", "weight BER [95 % Poisson]", "accuracy [95 % CI]",
              "vs ideal (points)", f"BER after {aged} cycles", f"accuracy after {aged} cycles",
              "programming energy", "programming time"]
    return condition_parameters(a, facts) + "\n" + md_table(header, rows)


def layer_io(shape):
    """'conv 16x64 -> 32x64 k5' -> (1024, 2048): elements read and written by the layer."""
    match = re.search(r"(\d+(?:x\d+)*) -> (\d+(?:x\d+)*)", shape)
    if not match:
        raise SystemExit(f"cannot read the layer shape '{shape}'")
    size = [eval_product(g) for g in match.groups()]
    return size[0], size[1]


def eval_product(dims):
    n = 1
    for d in dims.split("x"):
        n *= int(d)
    return n


def memory_table(a, facts):
    """Binarized ECG network against the same layers with 8-bit weights and activations.

    Counted: weights (1 bit per weight in a 2T2R cell, or 8 bits); one 16-bit number per neuron
    in both (the integer threshold, or the bias with batch norm folded in); activations stored
    between layers (1 bit or 8 bits each; after pooling, i.e. the next layer's input; the 8-bit
    model input and the 16-bit scores are the same in both). Allocated: the BNN's whole tiles.
    """
    path = os.path.join(a.arch_dir, a.condition, "ecg_cnn1d.compile.json")
    if "ecg_cnn1d" not in a.models:
        return "(`ecg_cnn1d` is not among the flow's MODELS: no memory comparison)\n"
    comp = flowlib.load_json(path)
    arch = comp["architecture"]
    layers = comp["layers"]
    weights = binary_weights(comp)
    neurons = sum(layer["neurons"] for layer in layers)
    inputs = [layer_io(layer["shape"])[0] for layer in layers]
    model_input, hidden = inputs[0], sum(inputs[1:])  # the next layer's input: pooled output
    scores = layers[-1]["neurons"]
    cells = sum(layer["tiles"] for layer in layers) * arch["tile_rows"] * arch["tile_cols"]
    fixed = 16 * neurons + 8 * model_input + 16 * scores  # the same in both networks
    bnn = {"w": weights, "wa": weights + hidden + fixed, "alloc": cells}
    int8 = {"w": 8 * weights, "wa": 8 * weights + 8 * hidden + fixed, "alloc": 8 * weights}

    def row(label, key):
        saved = 1 - bnn[key] / int8[key]
        facts[f"ecg_saved_{key}"] = f"{100 * saved:.1f} %"
        return [label, f"{bnn[key]:,}", f"{int8[key]:,}", f"{100 * saved:.1f} %"]

    rows = [row("weights only", "w"),
            row("weights + per-neuron parameters + activations", "wa"),
            row("BNN weights as allocated (whole tiles) vs 8-bit weights", "alloc")]
    table = md_table(["what is counted", "binarized (bits)", "8-bit (bits)", "saved"], rows)
    ref = flowlib.load_json(a.ecg_8bit)
    bnn_meta = sample_json(a.samples, "ecg_cnn1d")
    acc = [["binarized (`ecg_cnn1d`, as compiled)", pct(bnn_meta["torch_accuracy"], 1)],
           ["8-bit weights and activations, same layers", pct(ref["accuracy"], 1)]]
    facts["ecg_bnn_accuracy"] = pct(bnn_meta["torch_accuracy"], 1)
    facts["ecg_8bit_accuracy"] = pct(ref["accuracy"], 1)
    facts["ecg_accuracy_gap"] = f"{100 * (ref['accuracy'] - bnn_meta['torch_accuracy']):.1f}"
    # where the allocated cells go: whole tiles per layer
    tile_cells = arch["tile_rows"] * arch["tile_cols"]
    per_layer = [[f"`{layer['name']}`", layer["shape"], f"{layer['fan_in'] * layer['neurons']:,}",
                  layer["tiles"], f"{layer['tiles'] * tile_cells:,}",
                  f"{100 * layer['cell_utilization']:.1f} %"] for layer in layers]
    per_layer.append(["total", "", f"{weights:,}", comp["tiles_used"], f"{cells:,}",
                      f"{100 * weights / cells:.1f} %"])
    layer_table = md_table(["layer", "shape", "weights", "tiles", "cells allocated",
                            "cells used"], per_layer)
    talk = 0.76  # the talk's figure for ECG
    low, high = sorted(1 - bnn[k] / int8[k] for k in ("alloc", "w"))
    facts["talk_76_position"] = ("between what whole-tile allocation saves and what the weights "
                                 "alone save" if low <= talk <= high else
                                 "outside the range of these figures")
    return (table + "\n" + layer_table + "\n" +
            md_table(["network (same test set)", "accuracy"], acc))


def main():
    ap = argparse.ArgumentParser()
    for flag in ["--out", "--arch-dir", "--condition", "--conditions", "--models",
                 "--device-models", "--run-tag", "--reference", "--samples", "--conditions-json",
                 "--aged-cycles", "--ecg-8bit"]:
        ap.add_argument(flag, required=True)
    a = ap.parse_args()
    for name in ["conditions", "models", "device_models"]:
        setattr(a, name, getattr(a, name).split())
    a.aged_cycles = float(a.aged_cycles)
    facts = {}
    tables = {"models": models_table(a, facts), "conditions": conditions_table(a, facts),
              "memory": memory_table(a, facts)}
    for name, text in tables.items():
        flowlib.write_atomic(os.path.join(a.out, name + ".md"), text)
    flowlib.write_atomic(os.path.join(a.out, "facts.json"),
                         json.dumps(facts, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
