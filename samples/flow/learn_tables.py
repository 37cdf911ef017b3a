"""Writes the learning section's tables from bnnc learn's and bnnc run's reports.

    learn_tables.py --out DIR --main "bc-s1.json bc-s1.run.json ..." --wine "..." --low L.json
                    --cpu C.json --age "age/c1e6-s1.json ..." --stuck "stuck/f0-s1.json ..."

learning.md        the paper's figures beside bnnc's: accuracy over seeds and chips, energy of
                   learning in the array and on this CPU, robustness
learning-age.md    accuracy, calibration and the chain's health against the devices' age
learning-stuck.md  the same against the fraction of stuck devices
age.dat            the age sweep for gnuplot (learn_age.gp)
facts.json         the numbers the report's text quotes
"""

import argparse
import json
import os
import re
import statistics

import flowlib
from flowlib import md_table, sci, si

# The paper's figures, with where each comes from. Dalgaty, Castellani, Turck, Harabi, Querlioz,
# Vianello, "In situ learning using intrinsic memristor variability via Markov chain Monte Carlo
# sampling", Nat. Electron. 4, 151-161 (2021); its preprint arXiv:2001.11426 (2020); the talk
# that started bnnc (../shared/seed/talk.txt).
PAPER_DEVICES = 16384          # both abstracts: "a fabricated array of 16,384 devices"
PAPER_ACCURACY_PREPRINT = 96.3  # arXiv abstract: "achieving an accuracy of 96.3%"
PAPER_ACCURACY_TALK = 98.0      # talk: "detect malignant tissue with 98% accuracy"
PAPER_CPU_MJ = 600.0            # talk: "Intel Xeon processor ... MCMC sampling required 600mJ"
PAPER_CYCLES = 1e7              # abstract: "robustness to device degradation at ten million
                                # endurance cycles"


def reports(paths):
    return [flowlib.load_json(p) for p in paths.split()]


def pct(x, digits=1):
    return f"{100 * x:.{digits}f} %"


def mean_sd(values):
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return statistics.fmean(values), sd


def pm(values, digits=1):
    """'97.4 ± 1.2 %' over fractions."""
    m, sd = mean_sd(values)
    return f"{100 * m:.{digits}f} ± {100 * sd:.{digits}f} %"


def paired(paths):
    """(learn report, run report) pairs of the runs in `paths` (each learn.json then .run.json)."""
    all_reports = dict(zip(paths.split(), reports(paths)))
    return [(r, all_reports[p[:-5] + ".run.json"]) for p, r in all_reports.items()
            if not p.endswith(".run.json")]


def accuracy_facts(pairs, facts, prefix):
    """Accuracy as learned (one per seed) and on chips (one per seed and chip), ECE."""
    stored = [lr["test"]["accuracy"] for lr, _ in pairs]
    chips = [a for _, run in pairs for a in run["accuracy_per_chip"]]
    ece = [run["ece"] for _, run in pairs]
    facts[f"{prefix}_stored"] = pm(stored)
    facts[f"{prefix}_chips"] = pm(chips)
    facts[f"{prefix}_chips_range"] = f"{100 * min(chips):.1f} to {100 * max(chips):.1f} %"
    facts[f"{prefix}_ece"] = f"{statistics.fmean(ece):.3f}"
    facts[f"{prefix}_runs"] = f"{len(pairs)} seeds x {len(chips) // len(pairs)} chips"


def energy_facts(pairs, low, cpu, facts):
    energy = [lr["learning_energy_pj"] for lr, _ in pairs]
    per_model = [lr["learning_energy_per_model_pj"] for lr, _ in pairs]
    steps = [lr["chain"]["steps"] for lr, _ in pairs]
    facts["energy"] = si(statistics.fmean(energy), "pJ")
    facts["energy_range"] = f"{si(min(energy), 'pJ')} to {si(max(energy), 'pJ')}"
    facts["energy_per_model"] = si(statistics.fmean(per_model), "pJ")
    facts["steps"] = f"{min(steps):,} to {max(steps):,}"
    parts = pairs[0][0]["learning_energy_per_component_pj"]
    total = sum(parts.values())
    facts["energy_shares"] = ", ".join(f"{k} {100 * v / total:.0f} %"
                                               for k, v in parts.items())
    facts["time"] = si(statistics.fmean(lr["learning_time_ns"] for lr, _ in pairs), "ns")
    facts["energy_low"] = si(low["learning_energy_pj"], "pJ")
    facts["accuracy_low"] = pct(low["test"]["accuracy"])
    facts["steps_low"] = f"{low['chain']['steps']:,}"
    facts["accept_low"] = f"{100 * low['chain']['accept_rate']:.2f} %"
    facts["accept"] = f"{100 * statistics.fmean(lr['chain']['accept_rate'] for lr, _ in pairs):.2f} %"
    c = cpu["cpu_reference"]
    facts["cpu_steps"] = f"{c['steps']:,}"
    facts["cpu_time"] = si(c["time_s"] * 1e9, "ns")
    facts["cpu_energy"] = si(c["energy_j_estimate"] * 1e12, "pJ")
    facts["cpu_watts"] = f"{c['watts_assumed']:g} W"
    facts["cpu_accuracy"] = pct(c["test_accuracy"])
    facts["cpu_array_energy"] = si(cpu["learning_energy_pj"], "pJ")
    facts["cpu_ratio"] = f"{c['energy_j_estimate'] * 1e12 / cpu['learning_energy_pj']:,.0f}"
    facts["cpu_talk_ratio"] = f"{PAPER_CPU_MJ * 1e9 / cpu['learning_energy_pj']:,.0f}"


def main_table(facts, wine_facts):
    rows = [
        ["task", "Wisconsin breast cancer (diagnostic), malignant or benign",
         "the same data (569 samples, 30 features), a random 20 % held out per seed"],
        ["array", f"{PAPER_DEVICES:,} HfO2 RRAM devices, computer in the loop",
         f"128 x 128 = {128 * 128:,} virtual devices, preset `typical`"],
        ["model", "a Bayesian model whose parameters are device conductances",
         "logistic regression, 31 parameters, a pair of devices each (one row per model)"],
        ["held-out accuracy", f"{PAPER_ACCURACY_PREPRINT} % (preprint), "
         f"{PAPER_ACCURACY_TALK:g} % (talk)",
         f"{facts['bc_stored']} as learned; {facts['bc_chips']} on fresh chips "
         f"({facts['bc_runs']}, {facts['bc_chips_range']})"],
        ["energy of learning", "on the order of microjoules (circuit and system simulations)",
         f"{facts['energy']} ({facts['energy_range']}); "
         f"{facts['energy_low']} under `low-energy`"],
        ["the same MCMC on a CPU", f"about {PAPER_CPU_MJ:g} mJ on a Xeon (talk)",
         f"{facts['cpu_time']} here, about {facts['cpu_energy']} at {facts['cpu_watts']} "
         "(an estimate)"],
        ["aged devices", f"still learns after {sci(PAPER_CYCLES, 1)} cycles",
         f"{facts['age_at_paper']} at {sci(PAPER_CYCLES, 1)} cycles; the posterior collapses "
         f"from {facts['age_collapse']} cycles"],
        ["second task", "heart arrhythmia (ECG); cartpole in simulation",
         f"wine (3 classes, 13 features), one hidden layer of 8: {wine_facts}"],
    ]
    return md_table(["", "Dalgaty et al. 2021", "bnnc (this flow)"], rows)


def sweep_points(paths):
    """Reports of a sweep grouped by their point (the part of the file name before -s<seed>)."""
    points = {}
    for p in paths.split():
        name = os.path.basename(p)
        point = re.sub(r"-s\d+\.json$", "", name)[1:]  # c1e6-s1.json -> 1e6, f0.01-s2 -> 0.01
        points.setdefault(float(point), []).append(flowlib.load_json(p))
    return sorted(points.items())


def kept(r):
    return r["chain"]["models_kept"] if "error" not in r else 0


def age_row(cycles, rs, facts, fresh):
    """One age: the table's row and the plot's line; facts of where learning degrades."""
    ok = [r for r in rs if "error" not in r]
    models = statistics.fmean(kept(r) for r in rs)
    ber = rs[0]["memory_ber_2t2r"] if ok else float("nan")
    if cycles == PAPER_CYCLES and ok:
        facts["age_at_paper"] = pct(statistics.fmean(r["test"]["accuracy"] for r in ok))
    if "age_collapse" not in facts and fresh and models < fresh / 4:
        facts["age_collapse"] = sci(cycles, 1)
    if "age_stop" not in facts and len(ok) < len(rs):
        facts["age_stop"] = sci(cycles, 1)
    if "memory_fails" not in facts and ok and ber > 1e-4:
        facts["memory_fails"] = sci(cycles, 1)
    failed = f"{len(rs) - len(ok)} of {len(rs)}"
    if not ok:
        return ([sci(cycles, 1), "-", "-", "-", "-", "-", "0", failed],
                f"{cycles:g} NaN NaN NaN 0 NaN NaN")
    acc = [r["test"]["accuracy"] for r in ok]
    accept = statistics.fmean(r["chain"]["accept_rate"] for r in ok)
    ece = statistics.fmean(r["test"]["ece"] for r in ok)
    row = [sci(cycles, 1), sci(ber, 2), pct(statistics.fmean(acc)),
           f"{100 * min(acc):.1f} to {100 * max(acc):.1f} %", f"{ece:.3f}",
           f"{100 * accept:.2f} %", f"{models:.0f}", failed]
    line = (f"{cycles:g} {100 * statistics.fmean(acc):.3f} {100 * min(acc):.3f} "
            f"{100 * max(acc):.3f} {100 * models / 128:.3f} {ber:.6g} {100 * ece:.3f}")
    return row, line


def age_table(paths, facts, out):
    rows, dat, fresh = [], [], None
    points = sweep_points(paths)
    for cycles, rs in points:
        row, line = age_row(cycles, rs, facts, fresh)
        fresh = fresh or statistics.fmean(kept(r) for r in rs)
        rows.append(row)
        dat.append(line)
    for key in ["age_at_paper", "age_collapse", "age_stop", "memory_fails"]:
        facts.setdefault(key, "none of the ages swept" if key != "age_at_paper" else "not swept")
    facts["age_seeds"] = str(len(points[0][1]))
    flowlib.write_atomic(os.path.join(out, "age.dat"),
                         "# cycles acc_mean acc_min acc_max models_pct memory_ber ece_pct\n" +
                         "\n".join(dat) + "\n")
    return md_table(["cycles", "2T2R memory BER", "held-out accuracy", "range over seeds", "ECE",
                     "accept rate", "models kept", "seeds that could not learn"], rows)


def stuck_table(paths, facts):
    rows = []
    for fraction, rs in sweep_points(paths):
        ok = [r for r in rs if "error" not in r]
        acc = f"{100 * statistics.fmean(r['test']['accuracy'] for r in ok):.1f} %" if ok else "-"
        retired = (f"{statistics.fmean(r['retired_groups'] for r in ok):.0f}" if ok else "all")
        stuck = f"{statistics.fmean(r['stuck_devices'] for r in ok):.0f}" if ok else "-"
        if len(ok) < len(rs) and "stuck_fails" not in facts:
            facts["stuck_fails"] = (f"from {100 * fraction:g} % of the devices stuck, for "
                                    f"{len(rs) - len(ok)} of {len(rs)} seeds")
        rows.append([f"{100 * fraction:g} %", stuck, retired,
                     f"{statistics.fmean(kept(r) for r in rs):.0f}", acc,
                     f"{len(rs) - len(ok)} of {len(rs)}"])
    facts.setdefault("stuck_fails", "at none of the fractions swept")
    return md_table(["stuck devices", "in the array", "groups retired", "models kept",
                     "held-out accuracy", "seeds that could not learn"], rows)


def main():
    ap = argparse.ArgumentParser()
    for flag in ["--out", "--main", "--wine", "--low", "--cpu", "--age", "--stuck"]:
        ap.add_argument(flag, required=True)
    a = ap.parse_args()
    facts = {}
    accuracy_facts(paired(a.main), facts, "bc")
    accuracy_facts(paired(a.wine), facts, "wine")
    wine = f"{facts['wine_stored']} as learned, {facts['wine_chips']} on chips"
    energy_facts(paired(a.main), flowlib.load_json(a.low), flowlib.load_json(a.cpu), facts)
    tables = {"learning-age.md": age_table(a.age, facts, a.out),
              "learning-stuck.md": stuck_table(a.stuck, facts)}
    tables["learning.md"] = main_table(facts, wine)
    for name, text in tables.items():
        flowlib.write_atomic(os.path.join(a.out, name), text)
    flowlib.write_atomic(os.path.join(a.out, "facts.json"),
                         json.dumps({"learning_" + k: v for k, v in facts.items()}, indent=2) +
                         "\n")


if __name__ == "__main__":
    main()
