"""Checks that docs/tutorial.md prints what bnnc prints: every `$ build/bnnc ...` line of the
tutorial's transcripts is run, and its output must equal the lines that follow it in the
document. A line "(...)" stands for any lines; a line in parentheses at the end of a transcript
("(two more lines: energy, programming)") for all the lines left. With --update, the transcripts
are rewritten from the tool's output instead (then read the diff).

The tutorial's model is tests/models/tutorial/my_mlp.onnx, which
`samples/training/tutorial_mlp.py --out tut` writes (the same bytes on every run); its test
digits are the last 500 of samples/data/mnist_mlp-test-*. Commands whose inputs only the training
script makes (tut/bad) are checked only when that script can run (Debian's python3-torch).

Usage: tutorial_check.py BNNC [--update]      (standard library only)
"""

import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "tutorial.md")


def read_idx(name):
    with gzip.open(os.path.join(ROOT, "samples", "data", name)) as f:
        raw = f.read()
    ndim = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return shape, raw[4 + 4 * ndim:]


def write_npy(path, descr, shape, payload):
    """A .npy file (format 1.0) as numpy writes it."""
    dims = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, dims)
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(payload)


def make_tut(work):
    """tut/ as tutorial_mlp.py leaves it: the model and the 500 test digits (u8 / 255 in float32,
    the values numpy computes)."""
    tut = os.path.join(work, "tut")
    os.makedirs(tut)
    shutil.copy(os.path.join(ROOT, "tests", "models", "tutorial", "my_mlp.onnx"), tut)
    shape, pixels = read_idx("mnist_mlp-test-images-idx3-ubyte.gz")
    _, labels = read_idx("mnist_mlp-test-labels-idx1-ubyte.gz")
    n = 784
    x = pixels[1500 * n:]
    values = struct.pack("<%df" % len(x), *[v / 255 for v in x])
    # float32(u8) / float32(255) rounds once: the double quotient rounded to float32 is the same
    write_npy(os.path.join(tut, "my_mlp-test-x.npy"), "<f4", (500, n), values)
    write_npy(os.path.join(tut, "my_mlp-test-y.npy"), "<i8", (500,),
              struct.pack("<500q", *labels[1500:]))
    bad = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "samples", "training",
                                                           "tutorial_mlp.py"),
                          "--out", os.path.join(tut, "bad"), "--activation", "tanh"],
                         capture_output=True)
    return bad.returncode == 0


def transcripts(lines):
    """(index of the "$ build/bnnc" line, indices of its expected output lines)."""
    out, block = [], False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            block = not block
            continue
        if block and line.startswith("$ build/bnnc "):
            j = i + 1
            while not lines[j].startswith("$ ") and not lines[j].startswith("```"):
                j += 1
            out.append((i, list(range(i + 1, j))))
    return out


def matches(expected, actual):
    """Expected lines against actual ones; "(...)" skips any lines, a final "(...)"-like line
    skips the rest."""
    if not expected:
        return not actual
    head = expected[0]
    if head == "(...)":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    if re.fullmatch(r"\(.*\)", head) and len(expected) == 1:
        return True
    return bool(actual) and head == actual[0] and matches(expected[1:], actual[1:])


def run(command, work):
    r = subprocess.run(command, shell=True, cwd=work, capture_output=True, text=True)
    return (r.stdout + r.stderr).splitlines()


def main():
    bnnc, update = sys.argv[1], "--update" in sys.argv
    lines = open(DOC).read().split("\n")
    failures, skipped = 0, 0
    with tempfile.TemporaryDirectory() as work:
        os.makedirs(os.path.join(work, "build"))
        os.symlink(os.path.abspath(bnnc), os.path.join(work, "build", "bnnc"))
        has_bad = make_tut(work)
        updates = []  # (line index, expected lines, actual lines), in document order
        for at, expected_at in transcripts(lines):
            command = lines[at][2:]
            if "tut/bad" in command and not has_bad:
                skipped += 1
                continue
            actual = run(command, work)
            expected = [lines[k] for k in expected_at]
            if matches(expected, actual):
                continue
            updates.append((at, len(expected_at), actual))
            if not update:
                failures += 1
                print(f"docs/tutorial.md:{at + 1}: {command}\n  expected:\n    " +
                      "\n    ".join(expected) + "\n  bnnc printed:\n    " +
                      "\n    ".join(actual))
    if update:
        for at, count, actual in reversed(updates):
            lines[at + 1:at + 1 + count] = actual
        open(DOC, "w").write("\n".join(lines))
    print(f"tutorial transcripts: {failures} differ, {skipped} skipped (no torch for tut/bad)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
