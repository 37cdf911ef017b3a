"""Records a bnnc learn run that could not learn (for example when too few rows of the array pass
the fault test) as a report holding bnnc's message, so that a sweep point shows why it is empty.

    learn_failed.py run.err run.json
"""

import json
import sys

import flowlib


def main():
    err_path, out_path = sys.argv[1], sys.argv[2]
    with open(err_path) as f:
        message = f.read().strip()
    if not message:
        raise SystemExit(f"{err_path}: bnnc learn failed without a message")
    flowlib.write_atomic(out_path, json.dumps({"error": message}, indent=2) + "\n")


if __name__ == "__main__":
    main()
