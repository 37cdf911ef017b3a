#!/usr/bin/env python3
"""One point of the BER study as JSON on stdout (the Makefile runs one per bit error rate)."""

import json

import ber
from common import options


def main():
    p = options(__doc__.splitlines()[0])
    p.add_argument("--ber", type=float, required=True, help="injected weight bit error rate")
    args = p.parse_args()
    print(json.dumps(ber.point(ber.bench(args.samples, args.threads), args.ber, args.chips)))


if __name__ == "__main__":
    main()
