#!/usr/bin/env python3
"""Which tile size and programming condition give the cheapest chip at a given accuracy?

Sweeps tile sizes x programming conditions x conditions of use (fresh, 10 years at 85 degC) on
the MNIST sample with bnnc.sweep, writes the rows as CSV and plots energy per inference and
programming energy against the worst accuracy of each design, with the Pareto front of each.

    PYTHONPATH=build/python python3 samples/dse/tile_pareto.py --out dse-out
"""

import csv
import os

from common import DATA, LABELS, MODEL, bnnc, options, pyplot

TILES = [64, 128, 256]
CONDITIONS = ["typical", "endurance", "low-energy"]
AGES = {"fresh": 0, "10 years": 3.15e8}


def pareto(points):
    """The points no other point beats on cost (lower) and accuracy (higher), cheapest first."""
    front, best = [], -1.0
    for cost, accuracy, label in sorted(points, key=lambda p: (p[0], -p[1])):
        if accuracy > best:
            front.append((cost, accuracy, label))
            best = accuracy
    return front


def worst_per_design(rows):
    """Per (tile, condition): the lowest accuracy over the conditions of use, and the costs."""
    designs = {}
    for r in rows:
        key = (r["tile_rows"], r["condition"])
        d = designs.setdefault(key, dict(r, accuracy=1.0))
        d["accuracy"] = min(d["accuracy"], r["accuracy"])
    return designs


def plot(designs, out):
    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    costs = [("energy_per_inference_pj", "energy per inference (pJ)"),
             ("programming_energy_nj", "programming energy (nJ)")]
    for ax, (column, title) in zip(axes, costs):
        points = [(d[column], 100 * d["accuracy"], f"{t}x{t} {c}")
                  for (t, c), d in designs.items()]
        ax.scatter([p[0] for p in points], [p[1] for p in points], color="0.7", label="designs")
        front = pareto(points)
        ax.plot([p[0] for p in front], [p[1] for p in front], "o-", color="C3",
                label="Pareto front")
        for cost, accuracy, label in front:
            ax.annotate(label, (cost, accuracy), fontsize=7, xytext=(4, -10),
                        textcoords="offset points")
        ax.set_xlabel(title)
        ax.set_ylabel("worst accuracy over the conditions of use (%)")
        ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path = os.path.join(out, "tile-pareto.png")
    fig.savefig(path, dpi=120)
    return path


def main():
    args = options(__doc__.splitlines()[0], samples=400, chips=3).parse_args()
    os.makedirs(args.out, exist_ok=True)
    rows = bnnc.sweep(MODEL, DATA, LABELS, samples=args.samples, threads=args.threads,
                      base={"chips": args.chips, "tiles": 128, "temperature_k": 358},
                      grid=[{"tile_rows": TILES, "tile_cols": TILES},
                            {"condition": CONDITIONS},
                            {"retention_time_s": list(AGES.values())}])
    with open(os.path.join(args.out, "tile-pareto.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    designs = worst_per_design(rows)
    print(f"{len(rows)} points, {len(designs)} designs; plot: {plot(designs, args.out)}")
    for column in ("energy_per_inference_pj", "programming_energy_nj"):
        cost, accuracy, label = pareto([(d[column], d["accuracy"], f"{t}x{t} {c}")
                                        for (t, c), d in designs.items()])[0]
        print(f"cheapest in {column}: {label} ({cost:.4g}, worst accuracy {100 * accuracy:.2f} %)")


if __name__ == "__main__":
    main()
