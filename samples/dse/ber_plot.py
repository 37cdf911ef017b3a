#!/usr/bin/env python3
"""The BER study's plot from the points the Makefile computed (JSON files)."""

import argparse
import json

import ber


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True, help="directory for the plot")
    p.add_argument("points", nargs="+", help="JSON files of ber_point.py")
    args = p.parse_args()
    points = []
    for path in args.points:
        with open(path) as f:
            points.append(json.load(f))
    print(f"plot: {ber.plot(points, args.out)}")


if __name__ == "__main__":
    main()
