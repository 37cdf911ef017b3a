"""Writes the programming conditions' 2T2R BER bounds (the talk's figures, data/conditions.json)
as gnuplot commands: a dotted vertical line and a label per condition, which ber_sweep.gp loads.

    condition_bounds.py data/conditions.json conditions.gp
"""

import sys

import flowlib


def main():
    source, out = sys.argv[1:3]
    lines = [f"# the conditions' 2T2R BER bounds (talk), from {source}"]
    for c in flowlib.load_json(source)["conditions"]:
        bound = c["ber_bound"]["value"] if isinstance(c["ber_bound"], dict) else c["ber_bound"]
        lines.append(f"set arrow from {bound:g}, graph 0 to {bound:g}, graph 1 nohead ls 9")
        lines.append(f'set label "{c["name"]} (< {flowlib.sci(bound, 1)})" at {bound:g}, '
                     'graph 0.03 rotate by 90 left offset -0.7,0 textcolor rgb "#666666"')
    flowlib.write_atomic(out, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
