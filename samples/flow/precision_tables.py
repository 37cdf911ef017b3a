"""The precision study's tables (docs/results.md section 5), from the flow's runs.

    precision_tables.py --out DIR --arch-dir A --condition C --conditions "typical ..."
        --models "precision_ecg_q8 ..." --precision-dir P --tag TAG --reference R --samples S
        --chips N --device-samples M

Writes into DIR:
    precision.md         per network: what is binarized, width, weight memory in bits and its
                         saving against the 8-bit network, 2T2R cells used and allocated (whole
                         tiles) and their saving, accuracy (exporter, reference, ideal chip),
                         energy per inference (docs/energy.md's model)
    precision-chips.md   accuracy on virtual 2T2R chips of each programming condition
    precision-layers.md  per layer: weight bits, activation bits, weights, cells, tiles
    facts.json           the numbers the text quotes (precision_*)

Memory follows the definition of section 5: the bits of the synaptic weights, each weight
counted at its bit width (8 or 1). Cells used are bnnc's: one 2T2R cell per weight digit plane
(a k-bit weight takes k cells); allocated cells are the layer's whole tiles. Standard library
only.
"""

import argparse
import json
import os

import flowlib
from flowlib import md_table, pct, pct_ci

VARIANT_TEXT = {
    "q8": "8-bit weights and activations everywhere",
    "cls": "8-bit feature extractor, binarized classifier",
    "bnn": "fully binarized",
}
TASK_TEXT = {"ecg": "ECG (synthetic beats)", "fashion": "Fashion-MNIST"}


def split(model):
    """precision_ecg_q8 -> ('ecg', 'q8')."""
    _, task, variant = model.split("_")
    return task, variant


def saving(x, ref):
    return f"{100 * (1 - x / ref):.1f} %"


def main():
    ap = argparse.ArgumentParser()
    for flag in ["--out", "--arch-dir", "--condition", "--conditions", "--models",
                 "--precision-dir", "--tag", "--reference", "--samples", "--chips",
                 "--device-samples"]:
        ap.add_argument(flag, required=True)
    a = ap.parse_args()
    models = a.models.split()
    conditions = a.conditions.split()
    facts = {"precision_chips": a.chips, "precision_device_samples": a.device_samples,
             "precision_conditions": ", ".join(f"`{c}`" for c in conditions)}
    records = {}
    rows, chip_rows, layer_rows = [], [], []
    per_task = {}
    for m in models:
        task, variant = split(m)
        if task not in records:
            records[task] = flowlib.load_json(
                os.path.join(a.samples, "training", f"precision_{task}.json"))
        rec = records[task]
        meta = rec["models"][variant]
        comp = flowlib.load_json(os.path.join(a.arch_dir, a.condition, m + ".compile.json"))
        ideal = flowlib.load_json(os.path.join(a.precision_dir, m + ".ideal.json"))
        ref = flowlib.load_json(os.path.join(a.reference, m + ".json"))
        arch = comp["architecture"]
        tile_cells = arch["tile_rows"] * arch["tile_cols"]
        layers = comp["layers"]
        weights = [layer["neurons"] * layer["fan_in"] for layer in layers]
        nominal = meta["weight_bits_per_layer"]
        assert len(nominal) == len(layers), f"{m}: {len(layers)} layers, record {len(nominal)}"
        for layer, w, bits in zip(layers, weights, nominal):
            assert bits in (w, 8 * w), f"{m}: layer {layer['name']}: {w} weights, {bits} bits"
        bits = sum(nominal)
        used = sum(w * layer["weight_bits"] for w, layer in zip(weights, layers))
        tiles = sum(layer["tiles"] for layer in layers)
        same = ideal["predictions"] == ref["predictions"]
        p = per_task.setdefault(task, {})
        p[variant] = dict(bits=bits, used=used, alloc=tiles * tile_cells, tiles=tiles,
                          ideal=ideal["accuracy"], torch=meta["torch_accuracy"],
                          width=meta["width"], same=same,
                          energy=ideal["energy_per_inference_pj"])
        key = f"precision_{task}_{variant}"
        facts[f"{key}_bits"] = f"{bits:,}"
        facts[f"{key}_cells"] = f"{used:,}"
        facts[f"{key}_tiles"] = str(tiles)
        facts[f"{key}_ideal"] = pct(ideal["accuracy"], 1)
        facts[f"{key}_energy"] = flowlib.si(ideal["energy_per_inference_pj"], "pJ")
        facts[f"{key}_width"] = str(meta["width"])
        facts[f"{key}_nudged"] = str(meta.get("nudged_channels", 0))
        facts[f"{key}_same"] = "yes" if same else "no"
        for i, (layer, w) in enumerate(zip(layers, weights)):
            layer_rows.append([f"`{m}`" if i == 0 else "", layer["shape"], layer["weight_bits"],
                               layer["output_bits"] if i + 1 < len(layers) else "scores",
                               f"{w:,}", f"{w * layer['weight_bits']:,}", layer["tiles"]])
        accs = []
        max_ber = facts.get("_max_ber", 0.0)
        for c in conditions:
            run = flowlib.load_json(
                os.path.join(a.precision_dir, c, f"{m}.2t2r-{a.tag}.json"))
            facts[f"{key}_{c}"] = pct(run["accuracy"], 1)
            facts[f"{key}_{c}_drop"] = f"{100 * (run['accuracy'] - run['ideal_accuracy']):+.1f}"
            accs.append(f"{pct_ci(run)} ({flowlib.sci(run['weight_ber_observed'])})")
            p[variant][c] = run["accuracy"] - run["ideal_accuracy"]
            max_ber = max(max_ber, run["weight_ber_observed"])
        facts["_max_ber"] = max_ber
        chip_rows.append([TASK_TEXT[task], f"`{m}`", pct(run["ideal_accuracy"], 1)] + accs)
    for task, p in per_task.items():
        q8 = p.get("q8")
        for variant in ("q8", "cls", "bnn"):
            if variant not in p:
                continue
            v = p[variant]
            key = f"precision_{task}_{variant}"
            if q8:
                facts[f"{key}_saving_bits"] = saving(v["bits"], q8["bits"])
                facts[f"{key}_saving_alloc"] = saving(v["alloc"], q8["alloc"])
            rows.append([
                TASK_TEXT[task], f"`{variant}`", VARIANT_TEXT[variant], f"x{v['width']}",
                f"{v['bits']:,}", saving(v["bits"], q8["bits"]) if q8 else "-",
                f"{v['used']:,}", f"{v['tiles']} ({v['alloc']:,})",
                saving(v["alloc"], q8["alloc"]) if q8 else "-",
                pct(v["torch"], 1), pct(v["ideal"], 1), "yes" if v["same"] else "**no**",
                flowlib.si(v["energy"], "pJ")])
        rec = records[task]
        facts[f"precision_{task}_train"] = f"{rec['settings']['train_samples']:,}"
        facts[f"precision_{task}_epochs"] = rec["settings"]["epochs"]
        q8_bits = sum(rec["models"]["q8"]["weight_bits_per_layer"])
        facts[f"precision_{task}_widths"] = ", ".join(
            f"x{t['width']}: {pct(t['accuracy'], 1)} ({saving(t['weight_bits'], q8_bits)} saved)"
            for t in rec["bnn_widths_tried"])
        # the share of the 8-bit network's weights in its classifier (the two dense layers):
        # binarizing only the classifier saves 7/8 of it
        q8_layers = rec["models"]["q8"]["weight_bits_per_layer"]
        facts[f"precision_{task}_classifier_share"] = pct(sum(q8_layers[2:]) / q8_bits, 1)
        bnn_weights = sum(rec["models"]["bnn"]["weight_bits_per_layer"])
        facts[f"precision_{task}_bnn_weight_ratio"] = f"{bnn_weights / (q8_bits / 8):.1f}"
        facts[f"precision_{task}_matched"] = (
            "matched" if rec["bnn_matched"] else "did not match, even at the widest")
        if "cls" in p and "bnn" in p:
            gap = 100 * (p["bnn"]["ideal"] - p["cls"]["ideal"])
            facts[f"precision_{task}_bnn_vs_cls"] = f"{gap:+.1f}"
        if "cls" in p and "q8" in p:
            gap = 100 * (p["cls"]["ideal"] - p["q8"]["ideal"])
            facts[f"precision_{task}_cls_vs_q8"] = f"{gap:+.1f}"
    facts["precision_max_ber"] = flowlib.sci(facts.pop("_max_ber", 0.0), 1)
    facts["precision_all_same"] = "yes" if all(
        v["same"] for p in per_task.values() for v in p.values()) else "no"
    header = ["task", "network", "precision", "width", "weight bits", "saved vs 8 bits",
              "2T2R cells used", "tiles (cells allocated)", "allocated saved",
              "exporter accuracy", "ideal chip", "ideal = reference", "energy per inference"]
    chip_header = (["task", "network", "ideal chip (subset)"] +
                   [f"`{c}` (weight BER)" for c in conditions])
    layer_header = ["network", "layer", "weight bits", "output bits", "weights",
                    "2T2R cells", "tiles"]
    os.makedirs(a.out, exist_ok=True)
    flowlib.write_atomic(os.path.join(a.out, "precision.md"), md_table(header, rows))
    flowlib.write_atomic(os.path.join(a.out, "precision-chips.md"),
                         md_table(chip_header, chip_rows))
    flowlib.write_atomic(os.path.join(a.out, "precision-layers.md"),
                         md_table(layer_header, layer_rows))
    flowlib.write_atomic(os.path.join(a.out, "facts.json"),
                         json.dumps({k: facts[k] for k in sorted(facts)}, indent=1) + "\n")


if __name__ == "__main__":
    main()
