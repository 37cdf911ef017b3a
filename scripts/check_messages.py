#!/usr/bin/env python3
"""Fails when a user-facing error message of lib/ appears in no test.

A message is a C++ string literal in lib/ that holds "error: " followed by text, e.g.
    throw Error(graph.where(*pool) + ": error: a layer can have one max pooling only");
together with the other literals of the same statement (the parts between the values):
    ": error: weight '" + name + "' holds " + formatNumber(v) + " in output channel " ...
A literal that ends at "error: " starts a message when literals follow it in its statement
    ": error: " + std::to_string(n) + " activation levels; bnnc compiles ..."
and only forwards a message written elsewhere when none does (it is then skipped).

The message is tested when some file under tests/ holds its first part (from "error: " on, or
the whole literal when it starts with the flag or file it names) and every other part of four
characters or more, with adjacent literals joined as the compiler joins them (a
test writes a long expected text over several lines). Comments are ignored on both sides.
UNREACHABLE lists the messages no test can produce, each with the reason; an entry that matches
no message any more is an error too.

    python3 scripts/check_messages.py          # lists untested messages, exit code 1 if any
    python3 scripts/check_messages.py --list   # every message and the test file that holds it
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP_TEST_DIRS = ("tests/fuzz/corpus", "tests/fuzz/crashes", "tests/models")
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
TOKEN = re.compile(r'//[^\n]*|/\*.*?\*/|R"\((.*?)\)"|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'',
                   re.S)


# (file, start of the first part): why no test can produce the message.
UNREACHABLE = {
    ("lib/passes/pipeline.cpp", "the lowering produced an inconsistent program"):
        "a bug in bnnc (ir::verifyProgram after lowering): no input makes the lowering inconsistent",
    ("lib/api/compile.cpp", "holds no samples"):
        "the data loader refuses an empty file first ('the file holds no samples')",
    ("lib/sweep/files.cpp", "cannot open file for reading"):
        "an existing file that cannot be opened needs a permission root (CI) always has",
    ("lib/data/gunzip.cpp", "cannot initialise zlib"):
        "zlib fails to initialise only when it cannot allocate its 7 kB state",
    ("lib/data/gunzip.cpp", "gzip file larger than 4 GiB"):
        "needs a 4 GiB file read into memory",
    ("lib/data/gunzip.cpp", "out of memory while decompressing"):
        "zlib's own allocation failing after bnnc's 1 MB output chunk was allocated",
    ("lib/passes/geometry.cpp", "only 1-D and 2-D"):
        "the interpreter's Conv and MaxPool refuse other ranks first (shape propagation)",
    ("lib/passes/geometry.cpp", "weight shape"):
        "the interpreter's Conv refuses such weights first (shape propagation)",
    ("lib/passes/input_levels.cpp", "the quantizer's step"):
        "the levels are float32 values, so double holds lo + (2^bits - 1) * step exactly",
    ("lib/passes/linear.cpp", "bias of shape"):
        "the interpreter's broadcasting refuses such a bias first (shape propagation)",
    ("lib/passes/lower.cpp", "the last layer does not lead"):
        "canonicalize-binarizers erases every node that does not lead to the graph output",
    ("lib/passes/lower.cpp", "reads "):
        "the layer sizes and the interpreter's shapes come from the same window geometry",
}


def unreachable(message):
    for (path, start), reason in UNREACHABLE.items():
        if message[0] == path and message[2].startswith("error: " + start):
            return (path, start)
    return None


def strip_comments(text):
    """The text with comments blanked (newlines kept, so that line numbers stay right)."""
    def blank(m):
        s = m.group(0)
        if s.startswith("//") or s.startswith("/*"):
            return re.sub(r"[^\n]", " ", s)
        return s
    return TOKEN.sub(blank, text)


def joined_literals(code):
    """Adjacent literals ("a" "b", over lines) as one: [(offset, text)]."""
    out = []
    for m in LITERAL.finditer(code):
        if out and code[out[-1][2]:m.start()].strip() == "":
            out[-1] = (out[-1][0], out[-1][1] + m.group(1), m.end())
        else:
            out.append((m.start(), m.group(1), m.end()))
    return [(start, text) for start, text, _ in out]


def statement_end(code, start):
    """The end of the statement holding offset `start`: the next ';' or '{' outside literals."""
    depth, i = 0, start
    while i < len(code):
        c = code[i]
        if c == '"':
            m = LITERAL.match(code, i)
            i = m.end() if m else i + 1
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c in ";{" or (c == "}" and depth <= 0):
            return i
        i += 1
    return i


def messages():
    """[(path, line, first part, other parts)] of every message in lib/."""
    found = []
    for folder, _, files in os.walk(os.path.join(ROOT, "lib")):
        for name in sorted(files):
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(folder, name)
            code = strip_comments(open(path, encoding="utf-8").read())
            literals = joined_literals(code)
            for i, (offset, text) in enumerate(literals):
                at = text.rfind("error: ")
                if at < 0:
                    continue
                end = statement_end(code, offset)
                rest = [t for o, t in literals[i + 1:] if o < end and len(t.strip()) >= 4]
                if not text[at + len("error: "):].strip() and not rest:
                    continue
                first = text[at:] if text.startswith(": ") else text
                line = code.count("\n", 0, offset) + 1
                found.append((os.path.relpath(path, ROOT), line, first, rest))
    return found


def test_texts():
    """{path: the file's literals joined, one per line} for every test source."""
    texts = {}
    for folder, _, files in os.walk(os.path.join(ROOT, "tests")):
        rel = os.path.relpath(folder, ROOT)
        if rel.startswith(SKIP_TEST_DIRS):
            continue
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                text = open(path, encoding="utf-8").read()
            except UnicodeDecodeError:
                continue
            if name.endswith((".cpp", ".h")):
                text = "\n".join(t for _, t in joined_literals(strip_comments(text)))
            texts[os.path.relpath(path, ROOT)] = text
    return texts


def tested_by(message, texts):
    _, _, first, rest = message
    for path, text in texts.items():
        if first in text and all(part in text for part in rest):
            return path
    return None


def main():
    texts = test_texts()
    found = messages()
    untested, exempt = 0, set()
    for m in found:
        where = tested_by(m, texts)
        if where is None and unreachable(m):
            exempt.add(unreachable(m))
            where = "unreachable: " + UNREACHABLE[unreachable(m)]
        if where is None:
            untested += 1
            print("%s:%d: untested: %s%s" % (m[0], m[1], m[2],
                                                    "".join(" ... " + p for p in m[3])))
        elif "--list" in sys.argv:
            print("%s:%d: %s (%s)" % (m[0], m[1], m[2], where))
    stale = sorted(set(UNREACHABLE) - exempt)
    for path, start in stale:
        print("%s: UNREACHABLE entry '%s' matches no untested message" % (path, start))
    print("%d error messages in lib/, %d without a test, %d unreachable" %
          (len(found), untested, len(exempt)))
    return 1 if untested or stale else 0


if __name__ == "__main__":
    sys.exit(main())
