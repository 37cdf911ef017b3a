"""The BER study's two halves, shared by ber_study.py (one process) and the Makefile (one process
per bit error rate): a point (accuracy over chips at an injected weight BER, with its 95 %
interval) and the plot of the points with their confidence band."""

import os

from common import MODEL, bnnc, pyplot, test_set


def bench(samples, threads):
    """The sample model compiled and prepared once on its first `samples` test samples."""
    x, y = test_set(samples)
    return bnnc.Bench(bnnc.compile(MODEL), x, y, threads=threads)


def point(bench, ber, chips, seed=1):
    """Accuracy at an injected BER over `chips` chips: mean, 95 % interval, the ideal chip's."""
    r = bench.run(ber=ber, chips=chips, seed=seed)
    lo, hi = r["accuracy_ci95"]
    return {"ber": ber, "chips": chips, "accuracy": r["accuracy"], "ci95_lo": lo, "ci95_hi": hi,
            "ideal_accuracy": r["ideal_accuracy"], "cell_ber": r["weight_ber_cells"]}


def plot(points, out):
    """Accuracy against BER (log scale) with the 95 % band; returns the PNG's path."""
    plt = pyplot()
    points = sorted(points, key=lambda p: p["ber"])
    ber = [p["ber"] for p in points]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.fill_between(ber, [100 * p["ci95_lo"] for p in points],
                    [100 * p["ci95_hi"] for p in points], alpha=0.3, label="95 % interval")
    ax.plot(ber, [100 * p["accuracy"] for p in points], "o-", label="mean over chips")
    ax.axhline(100 * points[0]["ideal_accuracy"], color="0.5", ls="--", label="ideal chip")
    ax.set_xscale("log")
    ax.set_xlabel("injected weight bit error rate")
    ax.set_ylabel("accuracy (%)")
    ax.set_title(f"MNIST sample, {points[0]['chips']} chips per point")
    ax.legend(loc="lower left")
    fig.tight_layout()
    path = os.path.join(out, "ber-study.png")
    fig.savefig(path, dpi=120)
    return path
