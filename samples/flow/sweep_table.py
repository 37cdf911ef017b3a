"""Turns the reports of a BER sweep (one `bnnc run --ber P --chips N --json` per point) into a
gnuplot table: one row per injected BER, accuracies in percent.

    sweep_table.py --out mnist_mlp.dat --title "MNIST MLP" --ideal ideal.json ber-*.json

Columns: injected BER, mean accuracy over the chips, its 95 % interval (low, high), the lowest
and highest chip, the weight BER the chips really showed, the ideal chip's accuracy. The line
"# title: ..." gives the title gnuplot puts in the key.
"""

import argparse

import flowlib


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--title", required=True)
    ap.add_argument("--ideal", required=True, help="the ideal chip's run report")
    ap.add_argument("points", nargs="+", help="run reports, one per injected BER")
    args = ap.parse_args()

    ideal = flowlib.load_json(args.ideal)["accuracy"]
    rows = []
    for path in args.points:
        r = flowlib.load_json(path)
        if r.get("injected_ber") is None:
            raise SystemExit(f"{path}: not a run with --ber (injected_ber is null)")
        lo, hi = r["accuracy_ci95"]
        chips = r["accuracy_per_chip"]
        rows.append((r["injected_ber"], r["accuracy"], lo, hi, min(chips), max(chips),
                     r["weight_ber_observed"], len(chips), r["seed"]))
    rows.sort()
    chips = sorted({row[7] for row in rows})
    seeds = sorted({row[8] for row in rows})
    text = [
        f"# title: {args.title}",
        f"# accuracy (%) versus injected weight BER; {chips} chips per point, seed {seeds}; "
        f"ideal chip {100 * ideal:.2f} %",
        "# columns: ber, mean, ci95_low, ci95_high, chip_min, chip_max, observed_ber, ideal",
    ]
    for ber, mean, lo, hi, cmin, cmax, observed, _, _ in rows:
        values = [100 * v for v in (mean, lo, hi, cmin, cmax)]
        text.append(f"{ber:g} " + " ".join(f"{v:.3f}" for v in values) +
                    f" {observed:.4e} {100 * ideal:.3f}")
    flowlib.write_atomic(args.out, "\n".join(text) + "\n")


if __name__ == "__main__":
    main()
