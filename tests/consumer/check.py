"""ctest Library.OutOfTreeConsumer: installs the build into a scratch prefix, configures and builds
tests/consumer against it with find_package(bnnc), runs it on the MNIST sample (10 chips) and
requires its numbers to equal those of `bnnc compile` + `bnnc run --json` with the same seed.

    python3 tests/consumer/check.py BUILD_DIR BNNC_BINARY
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
MODEL = os.path.join(SOURCE, "samples/models/mnist_mlp.onnx")
DATA = os.path.join(SOURCE, "samples/data/mnist_mlp-test-x.npy")
LABELS = os.path.join(SOURCE, "samples/data/mnist_mlp-test-y.npy")


def run(*args, **kw):
    done = subprocess.run(list(map(str, args)), capture_output=True, text=True, **kw)
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def main(build, bnnc):
    with tempfile.TemporaryDirectory(prefix="bnnc-consumer-") as tmp:
        prefix, consumer = os.path.join(tmp, "prefix"), os.path.join(tmp, "build")
        run("cmake", "--install", build, "--prefix", prefix)
        run("cmake", "-S", HERE, "-B", consumer, "-DCMAKE_BUILD_TYPE=Release",
            f"-DCMAKE_PREFIX_PATH={prefix}")
        run("cmake", "--build", consumer, "-j2")
        mine = json.loads(run(os.path.join(consumer, "consumer"), MODEL, DATA, LABELS, 10, 5))
        image, report = os.path.join(tmp, "m.bnn"), os.path.join(tmp, "r.json")
        run(bnnc, "compile", MODEL, "-o", image)
        run(bnnc, "run", image, "--data", DATA, "--labels", LABELS, "--chips", 10, "--seed", 5,
            "--json", report)
        with open(report) as f:
            cli = json.load(f)
    for key in ("model", "data", "notes"):
        del cli[key]
    if mine != cli:
        differ = sorted(k for k in cli if mine.get(k) != cli[k])
        sys.exit(f"the consumer's report differs from bnnc run's in: {differ}")
    print(f"consumer = bnnc run: {len(cli)} keys, accuracy {cli['accuracy']}, "
          f"{len(cli['accuracy_per_chip'])} chips")


if __name__ == "__main__":
    main(*sys.argv[1:])
