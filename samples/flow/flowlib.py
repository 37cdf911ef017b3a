"""Shared helpers of the flow's scripts: reading bnnc's JSON reports, writing files atomically,
formatting numbers the same way in every table. Standard library only."""

import json
import os
import tempfile


def load_json(path):
    with open(path) as f:
        return json.load(f)


def write_atomic(path, text):
    """Writes `text` to a temporary file next to `path` and renames it: make -j and an
    interrupted run never see a half-written file. The file gets the permissions a plain
    open() would give (mkstemp's are owner-only)."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def pct(fraction, digits=1):
    """0.9665 -> '96.7 %' (accuracies are fractions in bnnc's reports)."""
    return f"{100 * fraction:.{digits}f} %"


def pct_ci(report, digits=1):
    """'96.5 % [96.3, 96.7]': mean over chips and its 95 % interval."""
    lo, hi = report["accuracy_ci95"]
    return f"{100 * report['accuracy']:.{digits}f} % [{100 * lo:.{digits}f}, {100 * hi:.{digits}f}]"


def sci(x, digits=2):
    """A rate as 3.1e-5, a count as 1e10; 0 as 0."""
    if x == 0:
        return "0"
    return f"{x:.{digits - 1}e}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")


def ber_ci(report):
    """The static weight BER of a run report with its exact Poisson 95 % interval, and the
    number of wrong cells it was counted from when they are few: a rate counted from a handful
    of events is known to a factor of several, '3.1e-7 [6.3e-8, 9.0e-7] (3 events)'."""
    rate, (lo, hi), events = (report["weight_ber_static"], report["weight_ber_static_ci95"],
                              report["static_errors"])
    if events == 0:
        return f"0 [0, {sci(hi)}] (0 events)"
    text = f"{sci(rate)} [{sci(lo)}, {sci(hi)}]"
    return text + (f" ({events} events)" if events < 20 else "")


def si(value, unit, digits=3):
    """Engineering notation: si(161280000, 'pJ') -> '161 uJ' (unit given in its base prefix)."""
    prefixes = ["f", "p", "n", "u", "m", "", "k", "M", "G"]
    base = {"fJ": 0, "pJ": 1, "nJ": 2, "uJ": 3, "mJ": 4, "J": 5, "ns": 2, "us": 3, "ms": 4, "s": 5}
    symbol = unit.lstrip("fpnum") or unit
    index = base[unit]
    if value == 0:
        return f"0 {symbol}"
    # move up one prefix per factor 1000 until the mantissa is below 1000
    while abs(value) >= 1000 and index + 1 < len(prefixes):
        value /= 1000
        index += 1
    shown = f"{value:.{digits}g}"
    if "e" in shown:  # 1e+03 after rounding: print the integer
        shown = f"{value:.0f}"
    return f"{shown} {prefixes[index]}{symbol}"


def md_table(header, rows):
    """A Markdown table; every cell converted with str()."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
