"""Writes a programming condition file: a preset of data/conditions.json with its pulses made
longer by RATIO, for the equal-energy comparison of 1T1R + SECDED against 2T2R.

    equal_energy.py data/conditions.json typical 1.7778 out/conditions/typical-eqe.json

A 2T2R bit takes two pulses (one SET, one RESET); a 1T1R + SECDED bit one pulse and 8/64 of a
check cell's: 1.125 pulses. Spending the same energy per bit, the 1T1R pulses may cost
2 / 1.125 = 1.78 times more; the programming law's pulse energy grows about as the pulse width,
so the pulses are 1.78 times longer (the runs report the energies that result).
"""

import json
import sys

import flowlib


def main():
    source, preset, ratio, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    found = [c for c in flowlib.load_json(source)["conditions"] if c["name"] == preset]
    if not found:
        raise SystemExit(f"{source}: no programming condition '{preset}'")
    value = {k: (v["value"] if isinstance(v, dict) else v) for k, v in found[0].items()}
    condition = {
        "name": f"{preset}-eqe",
        "description": f"the '{preset}' condition with pulses {ratio:g} times longer "
                       "(samples/flow/equal_energy.py)",
        "set_compliance_ua": value["set_compliance_ua"],
        "set_voltage_v": value["set_voltage_v"],
        "reset_voltage_v": value["reset_voltage_v"],
        "pulse_ns": round(value["pulse_ns"] * ratio, 3),
    }
    flowlib.write_atomic(out, json.dumps(condition, indent=2) + "\n")


if __name__ == "__main__":
    main()
