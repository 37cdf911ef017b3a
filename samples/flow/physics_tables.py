"""Writes the flow's device-physics tables from bnnc's run reports and sweep results.

    physics_tables.py --out DIR --arch-dir OUT/default --conditions "typical ..." ...

cells.md          2T2R against 1T1R (untrimmed and trimmed reference) and 1T1R with codes, at
                  equal cells (BCH) and at equal programming energy (SECDED, longer pulses)
faults.md         a model on a faulty chip, placed plainly and around the fault map
wear.md           accuracy and weight BER over programming cycles (bnnc sweep --cycles)
heat.md           the same over temperature and time since programming
verify.md         program-and-verify: weight BER against programming energy and time
facts-physics.json  the numbers and verdicts the report's text quotes
"""

import argparse
import csv
import json
import math
import os

import flowlib
from flowlib import ber_ci, md_table, pct, pct_ci, sci, si

CELLS = [  # the run's variant (device_variant.py) and what its cells are
    ("2t2r", "2T2R (pair, PCSA)"),
    ("1t1r-mid", "1T1R, reference at the geometric mean"),
    ("1t1r", "1T1R, reference trimmed per array"),
    ("1t1r-secded", "1T1R + SECDED (72, 64)"),
    ("1t1r-bch", "1T1R + BCH (127, 64), equal cells"),
    ("1t1r-secded-eqe", "1T1R + SECDED, equal programming energy"),
]


def devices_per_bit(report):
    per_cell = 2 if report["read_out"]["cell"] == "2T2R" else 1
    return per_cell + report["check_cells"] / report["used_cells"]


def run_report(a, condition, model, variant):
    return flowlib.load_json(
        os.path.join(a.arch_dir, condition, f"{model}.{variant}-{a.run_tag}.json"))


def overlap(x, y):
    """True when two runs' static BER intervals overlap."""
    (xl, xh), (yl, yh) = x["weight_ber_static_ci95"], y["weight_ber_static_ci95"]
    return xl <= yh and yl <= xh


def ratio_text(run, pair):
    """A run's static BER as a multiple of the 2T2R run's. With no 2T2R error, the multiple of
    the upper end of the 2T2R interval: a lower bound."""
    if not run["static_errors"]:
        return "(neither erred)" if not pair["static_errors"] else "0"
    if not pair["static_errors"]:
        return f"more than {run['weight_ber_static'] / pair['weight_ber_static_ci95'][1]:.2g}"
    return f"{run['weight_ber_static'] / pair['weight_ber_static']:.3g}"


def span(values):
    """'21 to 52' (or the one value) of the ratios measured, '-' without any."""
    if not values:
        return "-"
    lo, hi = f"{min(values):.2g}", f"{max(values):.2g}"
    return lo if lo == hi else f"{lo} to {hi}"


def cells_table(a, facts):
    rows, verdicts = [], []
    ratios = {"1t1r-mid": [], "1t1r": [], "secded_higher": []}
    energy = []
    for m in a.cell_models:
        for c in a.conditions:
            runs = {v: run_report(a, c, m, v) for v, _ in CELLS}
            for v, label in CELLS:
                r = runs[v]
                rows.append([f"`{m}`", f"`{c}`", label, f"{devices_per_bit(r):.3g}", ber_ci(r),
                             pct_ci(r), si(r["energy_per_inference_pj"], "pJ"),
                             si(r["programming_energy_nj"], "nJ")])
                key = f"{m}_{c}_{v}"
                facts[key + "_ber"] = sci(r["weight_ber_static"])
                facts[key + "_ber_ci"] = ber_ci(r)
                facts[key + "_accuracy"] = pct(r["accuracy"], 2)
                facts[key + "_energy"] = si(r["energy_per_inference_pj"], "pJ")
                facts[key + "_programming"] = si(r["programming_energy_nj"], "nJ")
            pair = runs["2t2r"]
            for v in ("1t1r-mid", "1t1r", "1t1r-secded"):
                facts[f"{m}_{c}_{v}_ratio"] = ratio_text(runs[v], pair)
                if v in ratios and runs[v]["static_errors"] and pair["static_errors"]:
                    ratios[v].append(runs[v]["weight_ber_static"] / pair["weight_ber_static"])
            secded, eqe = runs["1t1r-secded"], runs["1t1r-secded-eqe"]
            same = overlap(secded, pair)
            better = secded["weight_ber_static_ci95"][1] < pair["weight_ber_static_ci95"][0]
            verdict = "same" if same else "lower" if better else "higher"
            verdicts.append((m, c, verdict))
            if verdict == "higher":
                ratios["secded_higher"].append(
                    secded["weight_ber_static"] / pair["weight_ber_static"])
            facts[f"{m}_{c}_eqe_verdict"] = (
                "within its interval" if overlap(eqe, secded) else
                f"by a factor {secded['weight_ber_static'] / eqe['weight_ber_static']:.2g}"
                if eqe["static_errors"] else "to no error")
        pair, secded = (run_report(a, a.conditions[0], m, v) for v in ("2t2r", "1t1r-secded"))
        e_pair, e_secded = pair["energy_per_inference_pj"], secded["energy_per_inference_pj"]
        energy.append(f"`{m}` {si(e_secded, 'pJ')} against {si(e_pair, 'pJ')} "
                      f"({e_secded / e_pair:.2f} times)")
    facts["secded_energy"] = "; ".join(energy)
    facts["trimmed_ratios"], facts["mid_ratios"] = span(ratios["1t1r"]), span(ratios["1t1r-mid"])
    facts["secded_higher_ratios"] = span(ratios["secded_higher"])
    facts["secded_verdicts"] = "; ".join(
        f"`{m}` `{c}`: {word}" for m, c, word in verdicts)
    counts = {w: sum(1 for *_, x in verdicts if x == w) for w in ("same", "lower", "higher")}
    facts["secded_same"], facts["secded_lower"], facts["secded_higher"] = (
        str(counts["same"]), str(counts["lower"]), str(counts["higher"]))
    facts["secded_cases"] = str(len(verdicts))
    header = ["model", "condition", "cells", "devices per bit", "weight BER [95 % Poisson]",
              "accuracy [95 % CI]", "energy / inference", "programming energy"]
    return md_table(header, rows)


def faults_table(a, facts):
    rows = []
    for placement, label in (("plain", "plain placement"), ("mapped", "fault-aware placement")):
        comp = flowlib.load_json(os.path.join(a.faults, f"{placement}.compile.json"))
        run = flowlib.load_json(os.path.join(a.faults, f"{placement}-{a.run_tag}.json"))
        fa = comp["fault_aware_mapping"]
        chips = len(run["static_errors_per_chip"])
        wrong = run["static_errors"] / chips
        facts[f"faults_{placement}_wrong"] = f"{wrong:.0f}"
        facts[f"faults_{placement}_accuracy"] = pct(run["accuracy"], 2)
        facts[f"faults_{placement}_ber"] = sci(run["weight_ber_static"])
        facts["faults_stuck_devices"] = f"{run['stuck_devices_per_chip'][0]:,}"
        facts["faults_ideal"] = pct(run["ideal_accuracy"], 2)
        rows.append([label, f"{fa['expected_wrong_cells_mapped']:.1f}" if fa else "-",
                     f"{fa['spare_cols_used']}" if fa else "-", f"{wrong:.0f}", ber_ci(run),
                     pct_ci(run)])
        if fa:
            facts["faults_cells"] = f"{fa['faulty_cells']:,}"
            facts["faults_expected_plain"] = f"{fa['expected_wrong_cells_plain']:.1f}"
            facts["faults_expected_mapped"] = f"{fa['expected_wrong_cells_mapped']:.1f}"
            facts["faults_spares_used"] = str(fa["spare_cols_used"])
            facts["faults_tiles_remapped"] = str(fa["tiles_remapped"])
    header = ["placement", "expected wrong cells (compile)", "spare columns used",
              "wrong weights per chip", "weight BER [95 % Poisson]", "accuracy [95 % CI]"]
    return md_table(header, rows)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def acc_ber(row):
    lo, hi = float(row["accuracy_ci95_lo"]), float(row["accuracy_ci95_hi"])
    return (f"{100 * float(row['accuracy']):.1f} % [{100 * lo:.1f}, {100 * hi:.1f}], "
            f"BER {sci(float(row['observed_ber']))}")


def wear_table(a, facts):
    rows, cycles = [], None
    for c in a.conditions:
        points = read_csv(os.path.join(a.physics, f"{c}-wear.csv"))
        cycles = [p["cycles"] for p in points]
        rows.append([f"`{c}`"] + [acc_ber(p) for p in points])
        for p in points:
            key = f"wear_{c}_{flowlib.sci(float(p['cycles']), 1)}"
            facts[key + "_ber"] = sci(float(p["observed_ber"]))
            facts[key + "_accuracy"] = pct(float(p["accuracy"]), 1)
    header = ["condition"] + [f"{flowlib.sci(float(x), 1)} cycles" for x in cycles]
    return md_table(header, rows)


def heat_table(a, facts):
    rows, header = [], ["condition"]
    for c in a.conditions:
        points = read_csv(os.path.join(a.physics, f"{c}-heat.csv"))
        if len(header) == 1:
            header += [f"{float(p['temperature_k']):g} K, {years(float(p['retention_time_s']))}"
                       for p in points]
        rows.append([f"`{c}`"] + [acc_ber(p) for p in points])
        for p in points:
            key = f"heat_{c}_{float(p['temperature_k']):g}_{float(p['retention_time_s']):g}"
            facts[key + "_ber"] = sci(float(p["observed_ber"]))
    return md_table(header, rows)


def years(seconds):
    return "fresh" if seconds == 0 else f"{seconds / 3.15e7:.3g} years"


def value(field):
    """A device file's number, given plainly or as {"value": ..., "source": ...}."""
    return field["value"] if isinstance(field, dict) else field


def verify_table(a, facts):
    """The point without verify first, then the margins in the sweep's order."""
    points = read_csv(os.path.join(a.physics, "verify.csv"))
    points.sort(key=lambda p: p["device.verify.enabled"] == "true")
    rows, margins = [], []
    for p in points:
        on = p["device.verify.enabled"] == "true"
        rows.append([f"margin {p['device.verify.margin']}" if on else "no verify", acc_ber(p),
                     si(float(p["programming_energy_nj"]), "nJ"),
                     si(float(p["programming_time_us"]), "us")])
        if on:
            margins.append(p)
        else:
            verify_facts(facts, "off", p)
    # the margin of the fewest errors (the first of equals), and the largest margin
    best = min(margins, key=lambda p: float(p["observed_ber"]))
    verify_facts(facts, "best", best)
    verify_facts(facts, "last", max(margins, key=lambda p: float(p["device.verify.margin"])))
    # the median window ln(R_HRS / R_LRS) of the condition's devices, and the best margin's share
    device = [d for d in flowlib.load_json(a.devices_json)["devices"]
              if d["name"] == a.verify_condition][0]
    window = math.log(value(device["hrs"]["median_ohm"]) / value(device["lrs"]["median_ohm"]))
    facts["verify_window"] = f"{window:.3g}"
    facts["verify_best_share"] = f"{100 * float(best['device.verify.margin']) / window:.0f} %"
    header = ["program-and-verify", "accuracy [95 % CI], weight BER", "programming energy",
              "programming time"]
    return md_table(header, rows)


def verify_facts(facts, name, point):
    if point["device.verify.enabled"] == "true":
        facts[f"verify_{name}_margin"] = point["device.verify.margin"]
    facts[f"verify_{name}_ber"] = sci(float(point["observed_ber"]))
    facts[f"verify_{name}_programming"] = si(float(point["programming_energy_nj"]), "nJ")


def main():
    ap = argparse.ArgumentParser()
    for flag in ["--out", "--arch-dir", "--conditions", "--cell-models", "--run-tag", "--faults",
                 "--physics", "--physics-model", "--physics-chips", "--equal-energy",
                 "--devices-json", "--law", "--verify-condition"]:
        ap.add_argument(flag, required=True)
    a = ap.parse_args()
    a.conditions, a.cell_models = a.conditions.split(), a.cell_models.split()
    # pulses `equal_energy` times longer act like a RESET this much stronger (the law's
    # volts_per_decade, docs/programming.md)
    volts = (value(flowlib.load_json(a.law)["volts_per_decade"]) *
             math.log10(float(a.equal_energy)))
    facts = {"equal_energy": a.equal_energy, "equal_energy_volts": f"{volts:.2g} V",
             "physics_model": a.physics_model, "physics_chips": a.physics_chips,
             "verify_condition": a.verify_condition}
    tables = {"cells": cells_table(a, facts), "faults": faults_table(a, facts),
              "wear": wear_table(a, facts), "heat": heat_table(a, facts),
              "verify": verify_table(a, facts)}
    for name, text in tables.items():
        flowlib.write_atomic(os.path.join(a.out, name + ".md"), text)
    flowlib.write_atomic(os.path.join(a.out, "facts-physics.json"),
                         json.dumps(facts, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
