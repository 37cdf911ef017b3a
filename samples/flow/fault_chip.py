"""Writes a synthetic faulty chip: an architecture with spare columns and its fault map.

    fault_chip.py --arch data/arch/default.json --spares 4 --rate 0.005 --dead-cols 0.1 \
        --seed 1 --arch-out out/arch.json --map-out out/faults.csv

Every device of every tile (spare columns included) is stuck with probability RATE: in LRS or
HRS with 40 % each, never formed with 20 %. A tile has a dead column (device 0 of every row stuck
in HRS, as an open bit line) with probability DEAD_COLS. The same seed gives the same chip.
"""

import argparse
import json
import random

import flowlib


def main():
    ap = argparse.ArgumentParser()
    for flag in ["--arch", "--arch-out", "--map-out"]:
        ap.add_argument(flag, required=True)
    ap.add_argument("--spares", type=int, required=True)
    ap.add_argument("--rate", type=float, required=True)
    ap.add_argument("--dead-cols", type=float, required=True)
    ap.add_argument("--seed", type=int, required=True)
    a = ap.parse_args()
    arch = flowlib.load_json(a.arch)
    arch["name"] = arch.get("name", "default") + "-spares"
    arch["spare_cols"] = a.spares
    rows, cols = arch.get("tile_rows", 128), arch.get("tile_cols", 128)
    tiles = arch.get("tiles", 64)
    rng = random.Random(a.seed)
    faults = {}
    for t in range(tiles):
        for r in range(rows):
            for c in range(cols + a.spares):
                for d in range(2):
                    if rng.random() < a.rate:
                        u = rng.random()
                        faults[(t, r, c, d)] = ("stuck_lrs" if u < 0.4 else
                                                "stuck_hrs" if u < 0.8 else "never_formed")
        if rng.random() < a.dead_cols:
            dead = rng.randrange(cols)
            for r in range(rows):
                faults[(t, r, dead, 0)] = "stuck_hrs"
    lines = ["tile,row,col,device,fault"]
    lines += [f"{t},{r},{c},{d},{kind}" for (t, r, c, d), kind in sorted(faults.items())]
    flowlib.write_atomic(a.map_out, "\n".join(lines) + "\n")
    flowlib.write_atomic(a.arch_out, json.dumps(arch, indent=2) + "\n")


if __name__ == "__main__":
    main()
