"""Writes a device preset of data/devices.json as a device file, with a chosen cell type, and
optionally a fraction of stuck devices.

    device_variant.py data/devices.json typical 1T1R out/devices/typical-1t1r.json
    device_variant.py data/devices.json typical 2T2R out/learn/typical-stuck-0.01.json --stuck 0.01

The devices, their statistics, ageing, retention and faults stay those of the preset: only the
`cell` field is set, so a run with `--device out/devices/typical-1t1r.json` shows what the same
RRAM gives when each bit is one device read against a reference (1T1R) instead of a
complementary pair read by a sense amplifier (2T2R, the presets' own cell). The flow runs both
cells from these files, so that DEVICES_JSON= changes both. With --stuck F, a fraction F of the
devices is stuck, half in LRS and half in HRS (bnnc learn's robustness sweep).
"""

import argparse
import json
import os

import flowlib


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("devices_json")
    ap.add_argument("preset")
    ap.add_argument("cell", choices=["1T1R", "2T2R"])
    ap.add_argument("out")
    ap.add_argument("--stuck", type=float, help="fraction of stuck devices, half LRS, half HRS")
    args = ap.parse_args()

    presets = flowlib.load_json(args.devices_json)["devices"]
    found = [d for d in presets if d["name"] == args.preset]
    if not found:
        names = ", ".join(d["name"] for d in presets)
        raise SystemExit(f"{args.devices_json}: no device preset '{args.preset}' (known: {names})")
    device = dict(found[0])
    device["name"] = f"{args.preset}-{args.cell.lower()}"
    device["description"] = (f"The '{args.preset}' preset of {os.path.basename(args.devices_json)}"
                             f" with cell {args.cell} (written by samples/flow/device_variant.py)"
                             "; every other field is the preset's.")
    device["cell"] = args.cell
    if args.stuck is not None:
        device["name"] = f"{args.preset}-stuck-{args.stuck:g}"
        device["description"] += f" A fraction {args.stuck:g} of the devices is stuck."
        device["faults"] = {"stuck_lrs": args.stuck / 2, "stuck_hrs": args.stuck / 2,
                            "never_formed": 0}
    flowlib.write_atomic(args.out, json.dumps(device, indent=2) + "\n")


if __name__ == "__main__":
    main()
