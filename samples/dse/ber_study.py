#!/usr/bin/env python3
"""How many weight bit errors does the network tolerate?

Prepares the MNIST sample once (bnnc.Bench), evaluates it at injected bit error rates from 1e-4
to 1e-1 on several chips each, writes the points as CSV and plots accuracy against BER with its
95 % confidence band (Student's t over the chips), and names the largest BER within half an
accuracy point of the ideal chip.

    PYTHONPATH=build/python python3 samples/dse/ber_study.py --out dse-out
"""

import csv
import os

import ber
from common import options

BERS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]


def main():
    args = options(__doc__.splitlines()[0]).parse_args()
    os.makedirs(args.out, exist_ok=True)
    bench = ber.bench(args.samples, args.threads)
    points = [ber.point(bench, rate, args.chips) for rate in BERS]
    with open(os.path.join(args.out, "ber-study.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(points[0]))
        writer.writeheader()
        writer.writerows(points)
    print(f"plot: {ber.plot(points, args.out)}")
    within = [p for p in points if p["ideal_accuracy"] - p["accuracy"] <= 0.005]
    budget = max(p["ber"] for p in within) if within else None
    print(f"largest BER within 0.5 accuracy points of the ideal chip: {budget}")


if __name__ == "__main__":
    main()
