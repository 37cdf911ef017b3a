"""The issue's test: `import bnnc` compiles a sample model, runs it on 10 chips and returns numpy
arrays equal to the CLI's JSON report for the same seed."""

import numpy as np
import pytest

import bnnc
from conftest import DATA, LABELS, MODEL, cli, cli_json

# The keys of `bnnc run --json` that are not the Python report's: the paths, the compiler's notes.
CLI_ONLY = {"model", "data", "notes"}


def assert_same_report(py, cli_report):
    assert set(py) - {"outputs"} == set(cli_report) - CLI_ONLY
    for key, value in cli_report.items():
        if key in CLI_ONLY:
            continue
        if isinstance(py[key], np.ndarray):
            np.testing.assert_array_equal(py[key], np.asarray(value), err_msg=key)
            assert py[key].dtype in (np.int64, np.float64), key
        else:
            assert py[key] == value, key


def test_compile_gives_the_cli_image(tmp_path):
    image = bnnc.compile(MODEL)
    cli_image = tmp_path / "cli.bnn"
    assert cli("compile", MODEL, "-o", cli_image).returncode == 0
    assert image.to_bytes() == cli_image.read_bytes()
    assert image.writer == "bnnc " + bnnc.__version__
    assert image.warnings == []
    assert [layer["neurons"] for layer in image.layers] == [384, 384, 10]


def test_ten_chips_equal_the_cli_report(tmp_path, mnist):
    image = bnnc.compile(MODEL)
    image.save(tmp_path / "m.bnn")
    x, y = mnist
    py = bnnc.run(image, x, y, chips=10, seed=7, device="low-energy")
    report = cli_json(tmp_path / "r.json", "run", tmp_path / "m.bnn", "--data", DATA, "--labels",
                      LABELS, "--chips", 10, "--seed", 7, "--device", "low-energy", "--json",
                      tmp_path / "r.json", "--outputs", tmp_path / "o.npy")
    assert_same_report(py, report)
    assert py["accuracy_per_chip"].shape == (10,)
    assert py["predictions"].shape == (400,)
    np.testing.assert_array_equal(py["outputs"], np.load(tmp_path / "o.npy"))


def test_files_arrays_and_threads_give_the_same_report(mnist):
    image = bnnc.compile(MODEL)
    x, y = mnist
    from_files = bnnc.Bench(image, DATA, LABELS).run(chips=3, ber=0.01, seed=2)
    bench = bnnc.Bench(image, x.reshape(-1, 1, 28, 28), y, threads=2)
    from_arrays = bench.run(chips=3, ber=0.01, seed=2, threads=2)
    assert_same_report(from_arrays, {k: v for k, v in from_files.items() if k != "outputs"})
    # Prepared once, run many: the ideal chip is shared by every population.
    ideal = bench.run(ideal=True)
    np.testing.assert_array_equal(ideal["predictions"], bench.ideal_predictions)
    assert ideal["device"] == "ideal" and ideal["chips"] == 1


def test_scaled_data_as_the_cli_scales_it(tmp_path, mnist):
    image = bnnc.compile(MODEL)
    image.save(tmp_path / "m.bnn")
    x, y = mnist
    py = bnnc.run(tmp_path / "m.bnn", x * 255, y, data_div=255, ideal=True)
    assert py["accuracy"] == bnnc.run(image, x, y, ideal=True)["accuracy"]
    with pytest.raises(bnnc.Error, match="^data_div: error: must be a positive number$"):
        bnnc.run(image, x, y, data_div=0)


def test_condition_files_and_fault_maps_as_the_cli_takes_them(tmp_path, mnist):
    cond = tmp_path / "slow.json"
    cond.write_text('{"name": "slow", "set_compliance_ua": 150, "reset_voltage_v": 2.2, '
                    '"pulse_ns": 2000}')
    image = bnnc.compile(MODEL, condition=str(cond))
    assert cli("compile", MODEL, "--condition", cond, "-o", tmp_path / "slow.bnn").returncode == 0
    assert image.to_bytes() == (tmp_path / "slow.bnn").read_bytes()
    assert image.condition == "slow"
    faults = tmp_path / "faults.csv"
    faults.write_text("tile,row,col,device,fault\n" +
                      "".join(f"0,{r},5,0,stuck_hrs\n" for r in range(128)))
    x, y = mnist
    py = bnnc.Bench(image, x, y).run(chips=2, seed=3, fault_map=str(faults), device="low-energy")
    image.save(tmp_path / "slow.bnn")
    report = cli_json(tmp_path / "r.json", "run", tmp_path / "slow.bnn", "--data", DATA,
                      "--labels", LABELS, "--chips", 2, "--seed", 3, "--fault-map", faults,
                      "--device", "low-energy", "--json", tmp_path / "r.json")
    assert_same_report(py, report)
    assert report["read_out"]["fault_map"] == str(faults)
