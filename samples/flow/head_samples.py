"""Writes the first N samples of a test file: the subset the precision study runs on virtual
chips (chosen when a multi-bit layer ran on the emulator's scalar planes engine, far slower than
a binary one).

    head_samples.py IN OUT N

IN and OUT are both .npy (version 1 header, C order, any dtype) or both gzipped IDX files
(images or labels). Standard library only.
"""

import ast
import gzip
import os
import struct
import sys


def head_npy(data, n):
    if data[:6] != b"\x93NUMPY" or data[6] != 1:
        raise SystemExit("head_samples.py: only version 1 .npy files are read")
    hlen = struct.unpack("<H", data[8:10])[0]
    header = ast.literal_eval(data[10:10 + hlen].decode("latin1"))
    if header["fortran_order"]:
        raise SystemExit("head_samples.py: Fortran-order .npy")
    shape = header["shape"]
    itemsize = int(header["descr"][2:])
    row = itemsize
    for d in shape[1:]:
        row *= d
    n = min(n, shape[0])
    header["shape"] = (n,) + tuple(shape[1:])
    text = repr(header).encode("latin1")
    pad = 64 - (10 + len(text) + 1) % 64
    text += b" " * (pad % 64) + b"\n"
    body = data[10 + hlen:10 + hlen + n * row]
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + body


def head_idx(data, n):
    ndim = data[3]
    dims = list(struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim]))
    row = 1
    for d in dims[1:]:
        row *= d
    n = min(n, dims[0])
    dims[0] = n
    offset = 4 + 4 * ndim
    return data[:4] + struct.pack(">" + "I" * ndim, *dims) + data[offset:offset + n * row]


def main():
    src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if src.endswith(".gz"):
        with gzip.open(src, "rb") as f:
            out = head_idx(f.read(), n)
        tmp = dst + ".tmp"
        with open(tmp, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
                f.write(out)
        os.replace(tmp, dst)
    else:
        with open(src, "rb") as f:
            out = head_npy(f.read(), n)
        tmp = dst + ".tmp"
        with open(tmp, "wb") as f:
            f.write(out)
        os.replace(tmp, dst)


if __name__ == "__main__":
    main()
