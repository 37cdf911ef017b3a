"""Checks, before a script imports them, that this interpreter has the packages the script needs:
a missing one is a one-line error with the fix, not a traceback. On Debian the packages are
Debian's and only Debian's /usr/bin/python3 sees them (a pyenv or conda python3 first in PATH
does not)."""

import importlib.util
import sys

DEBIAN = {"numpy": "python3-numpy", "torch": "python3-torch", "onnx": "python3-onnx",
          "scipy": "python3-scipy"}


def modules(*names):
    missing = [n for n in names if importlib.util.find_spec(n) is None]
    if missing:
        packages = " ".join(DEBIAN.get(n, "python3-" + n) for n in missing)
        sys.exit(f"{sys.argv[0]}: error: {sys.executable} has no module {', '.join(missing)}; "
                 f"run it with Debian's /usr/bin/python3 after apt-get install {packages} "
                 "(as root)")
