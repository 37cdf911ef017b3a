"""Writes a device file for one way of reading the devices of a programming condition.

    device_variant.py data/devices.json typical 1t1r out/devices/typical-1t1r.json
    device_variant.py data/devices.json typical 1t1r-secded-eqe out.json --base conditions/x.json

The devices, their statistics, ageing, retention and faults stay those of the preset in
DEVICES_JSON (or, with --base, those the programming law gives for the condition file); only
how a bit is stored and read changes:

    2t2r            the preset itself: a complementary pair read by a sense amplifier
    1t1r-mid        one device per bit against a fixed reference at the geometric mean of the
                    two medians (the untrimmed reference of earlier comparisons)
    1t1r            one device per bit against a reference trimmed per array
    1t1r-secded     the same, with SECDED (72, 64) words: 1.125 devices per bit
    1t1r-bch        the same, with BCH (127, 64) words correcting 10 errors: 1.98 devices per
                    bit, as many as 2T2R
    1t1r-secded-eqe 1t1r-secded at the condition file of --base (longer pulses: the programming
                    energy per bit 2T2R spends)

With --stuck F, a fraction F of the devices is stuck, half in LRS and half in HRS (bnnc learn's
robustness sweep):

    device_variant.py data/devices.json typical 2t2r out/learn/typical-stuck-0.01.json --stuck 0.01
"""

import argparse
import copy
import json
import os

import flowlib

VARIANTS = {
    "2t2r": {},
    "1t1r-mid": {"cell": "1T1R", "reference": {"trim": "none", "ohm": 0}},
    "1t1r": {"cell": "1T1R"},
    "1t1r-secded": {"cell": "1T1R", "ecc": {"code": "secded", "data_bits": 64}},
    "1t1r-bch": {"cell": "1T1R", "ecc": {"code": "bch", "data_bits": 64, "t": 10}},
    "1t1r-secded-eqe": {"cell": "1T1R", "ecc": {"code": "secded", "data_bits": 64}},
}


def merge(base, overrides):
    """`base` with the keys of `overrides` set, objects merged key by key."""
    out = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("devices_json")
    ap.add_argument("preset")
    ap.add_argument("variant", choices=sorted(VARIANTS))
    ap.add_argument("out")
    ap.add_argument("--base", help="a condition file the device starts from (the law's device)")
    ap.add_argument("--stuck", type=float, help="fraction of stuck devices, half LRS, half HRS")
    args = ap.parse_args()

    name = f"{args.preset}-{args.variant}"
    if args.base:
        device = {"name": name, "base": os.path.abspath(args.base)}
        source = os.path.basename(args.base)
    else:
        presets = flowlib.load_json(args.devices_json)["devices"]
        found = [d for d in presets if d["name"] == args.preset]
        if not found:
            names = ", ".join(d["name"] for d in presets)
            raise SystemExit(f"{args.devices_json}: no device preset '{args.preset}' "
                             f"(known: {names})")
        device = dict(found[0])
        device["name"] = name
        source = f"the '{args.preset}' preset of {os.path.basename(args.devices_json)}"
    device = merge(device, VARIANTS[args.variant])
    device["description"] = (f"{source}, read as {args.variant} (written by "
                             "samples/flow/device_variant.py); every other field is its own.")
    if args.stuck is not None:
        device["name"] = f"{args.preset}-stuck-{args.stuck:g}"
        device["description"] += f" A fraction {args.stuck:g} of the devices is stuck."
        device["faults"] = {"stuck_lrs": args.stuck / 2, "stuck_hrs": args.stuck / 2,
                            "never_formed": 0}
    flowlib.write_atomic(args.out, json.dumps(device, indent=2) + "\n")


if __name__ == "__main__":
    main()
