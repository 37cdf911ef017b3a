"""Every exploration script runs, on a small budget (ctest Samples.DseScripts; PYTHONPATH must
reach bnnc, as ctest sets it)."""

import csv
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUDGET = ["--samples", "100", "--chips", "2"]


def script(name, *args):
    done = subprocess.run([sys.executable, os.path.join(HERE, name), *args], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_tile_pareto(tmp_path):
    out = script("tile_pareto.py", "--out", str(tmp_path), *BUDGET)
    assert "18 points, 9 designs" in out and "cheapest in programming_energy_nj" in out
    assert (tmp_path / "tile-pareto.png").stat().st_size > 0
    with open(tmp_path / "tile-pareto.csv") as f:
        rows = list(csv.DictReader(f))
    assert {r["condition"] for r in rows} == {"typical", "endurance", "low-energy"}


def test_ber_study(tmp_path):
    out = script("ber_study.py", "--out", str(tmp_path), *BUDGET)
    assert "largest BER within 0.5 accuracy points of the ideal chip" in out
    with open(tmp_path / "ber-study.csv") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 7
    assert all(float(r["ci95_lo"]) <= float(r["accuracy"]) <= float(r["ci95_hi"]) for r in rows)
    assert float(rows[0]["accuracy"]) > float(rows[-1]["accuracy"])  # 1e-4 beats 1e-1


def test_the_makefile_flow(tmp_path):
    make = ["make", "-C", HERE, f"OUT={tmp_path}", "SAMPLES=100", "CHIPS=2",
            "BERS=1e-3 1e-1", f"PYTHON={sys.executable}"]
    done = subprocess.run(make + ["-j2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(tmp_path)) == ["ber-1e-1.json", "ber-1e-3.json", "ber-study.png"]
    assert subprocess.run(make + ["-q"]).returncode == 0  # up to date: a second make does nothing
