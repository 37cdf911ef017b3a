"""Writes docs/results.md from its template, the flow's tables and its BER sweeps.

    report.py --template results.md.in --out docs/results.md --tables DIR [DIR...] --sweeps "a.dat"
              --sweep-models "mnist_mlp fashion_cnn" --figures docs/figures --settings "..."

The template's placeholders:
    {{table:NAME}}   the table NAME.md of one of the DIRs (tables.py, learn_tables.py)
    {{table:sweep}}  accuracy at chosen BERs and the BER each model tolerates, from the sweeps
    {{fact:NAME}}    a number of a DIR's facts.json, or one of the sweep facts below
    {{settings}}     the flow settings the results were made with
Sweep facts, per model M: M_ideal, M_tolerance_1pt (the largest swept BER at which the mean
accuracy stays within 1 point of the ideal chip), M_at_<ber> (mean accuracy at that BER).
A placeholder without a value is an error: the report never shows a stale or missing number.
"""

import argparse
import math
import os
import re

import flowlib
from flowlib import md_table

SHOWN_BERS = ["1e-05", "0.0001", "0.001", "0.01", "0.05", "0.1"]


def read_sweep(path):
    """Rows of a sweep_table.py file as dicts: ber, mean, lo, hi (percent), ideal."""
    rows = []
    with open(path) as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    for line in lines:
        v = line.split()
        rows.append({"ber": v[0], "mean": float(v[1]), "lo": float(v[2]), "hi": float(v[3]),
                     "ideal": float(v[7])})
    return rows


def sweep_facts(models, paths, facts):
    """Fills the sweep facts and returns the sweep summary table."""
    shown, tolerances = [], []
    for model, path in zip(models, paths):
        rows = read_sweep(path)
        ideal = rows[0]["ideal"]
        by_ber = {float(r["ber"]): r for r in rows}
        within = [float(r["ber"]) for r in rows if r["mean"] >= ideal - 1.0]
        # the tolerance is the last BER of the unbroken run of points within 1 point
        tolerance = None
        for ber in sorted(by_ber):
            if ber not in within:
                break
            tolerance = ber
        facts[f"{model}_ideal"] = f"{ideal:.2f} %"
        facts[f"{model}_tolerance_1pt"] = flowlib.sci(tolerance, 1) if tolerance else "none"
        for ber, r in by_ber.items():
            facts[f"{model}_at_{flowlib.sci(ber, 1)}"] = f"{r['mean']:.1f} %"
        tolerances.append(tolerance or 0)
        shown.append([f"`{model}`", f"{ideal:.2f} %"] +
                     [f"{by_ber[float(b)]['mean']:.1f} %" if float(b) in by_ber else "-"
                      for b in SHOWN_BERS] + [facts[f"{model}_tolerance_1pt"]])
    # decades between the largest condition BER bound and the smallest tolerated BER
    bound = facts.get("max_ber_bound")
    if bound and tolerances and min(tolerances) > 0:
        facts["tolerance_decades"] = str(int(math.floor(math.log10(min(tolerances) / bound)
                                                        + 1e-9)))
    header = (["model", "ideal chip"] + [f"BER {flowlib.sci(float(b), 1)}" for b in SHOWN_BERS]
              + ["largest BER within 1 point"])
    return md_table(header, shown)


def main():
    ap = argparse.ArgumentParser()
    for flag in ["--template", "--out", "--sweeps", "--sweep-models", "--figures", "--settings"]:
        ap.add_argument(flag, required=True)
    ap.add_argument("--tables", required=True, nargs="+")
    a = ap.parse_args()
    facts = {}  # facts.json (tables.py) and facts-physics.json (physics_tables.py) of each
    for directory in a.tables:
        for name in sorted(os.listdir(directory)):
            if name.startswith("facts") and name.endswith(".json"):
                facts.update(flowlib.load_json(os.path.join(directory, name)))
    tables = {"sweep": sweep_facts(a.sweep_models.split(), a.sweeps.split(), facts)}
    for directory in a.tables:
        for name in sorted(os.listdir(directory)):
            if name.endswith(".md"):
                with open(os.path.join(directory, name)) as f:
                    tables[name[:-3]] = f.read()
    with open(a.template) as f:
        text = f.read()

    def fill(match):
        kind, name = match.group(1), match.group(2)
        source = {"table": tables, "fact": facts}[kind]
        if name not in source:
            raise SystemExit(f"{a.template}: no value for {{{{{kind}:{name}}}}}")
        return source[name].rstrip("\n") if kind == "table" else str(source[name])

    text = re.sub(r"\{\{(table|fact):([A-Za-z0-9_.+-]+)\}\}", fill, text)
    text = text.replace("{{settings}}", a.settings)
    if "{{" in text:
        raise SystemExit(f"{a.template}: unknown placeholder near '{text[text.index('{{'):][:40]}'")
    flowlib.write_atomic(a.out, text)


if __name__ == "__main__":
    main()
