#!/usr/bin/env python3
"""Writes a .npy file holding the rows of another one repeated until it has N rows.

Usage: repeat_npy.py IN.npy N OUT.npy

Benchmarks need more samples than the committed test sets hold; this needs no numpy: it copies
the header's dtype and shape (format 1.0 or 2.0/3.0, C order) and repeats the raw row bytes.
"""
import ast
import struct
import sys


def read_npy(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        sys.exit(f"{path}: not a .npy file")
    major = data[6]
    size_fmt, size_len = ("<H", 2) if major == 1 else ("<I", 4)
    (header_len,) = struct.unpack(size_fmt, data[8 : 8 + size_len])
    start = 8 + size_len + header_len
    header = ast.literal_eval(data[8 + size_len : start].decode("latin1"))
    if header["fortran_order"]:
        sys.exit(f"{path}: Fortran order is not supported")
    return header, data[start:]


def write_npy(path, descr, shape, payload):
    text = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr,
        "".join(f"{d}, " for d in shape).rstrip(" ") if len(shape) > 1 else f"{shape[0]},",
    )
    # Header padded with spaces to a multiple of 64 bytes, ending in a newline.
    pad = 64 - (10 + len(text) + 1) % 64
    text += " " * (pad % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode("latin1"))
        f.write(payload)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    header, payload = read_npy(sys.argv[1])
    rows, n = header["shape"][0], int(sys.argv[2])
    row_bytes = len(payload) // rows
    out = b"".join(payload[(i % rows) * row_bytes : (i % rows + 1) * row_bytes] for i in range(n))
    write_npy(sys.argv[3], header["descr"], (n,) + tuple(header["shape"][1:]), out)


if __name__ == "__main__":
    main()
