// bnnc sweep end to end on the MNIST sample: the issue's sweep (3 conditions x 6 BERs x 2 tile
// sizes, 5 chips each) from one command; the same in 4 shards merged byte for byte; a row equal
// to what bnnc run reports for the same point; resume without redoing finished points; the
// Pareto front and plots; and the error texts of the command line.
#include "e2e/cli_util.h"
#include "sweep/sweep_util.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

using json = nlohmann::json;

CliResult sweep(std::vector<std::string> extra) {
  std::vector<std::string> args = {"sweep"};
  std::vector<std::string> base = mnistSweepArgs();
  args.insert(args.end(), base.begin(), base.end());
  args.insert(args.end(), extra.begin(), extra.end());
  return runBnnc(args);
}

const std::string kHeader =
    "point,points,tile_rows,tile_cols,condition,ber,accuracy,accuracy_ci95_lo,accuracy_ci95_hi,"
    "ideal_accuracy,prediction_change_fraction,observed_ber,cell_ber,energy_per_inference_pj,"
    "latency_per_inference_ns,programming_energy_nj,programming_time_us,cells_used,tiles_used";
// The sweep crosses conditions with --ber: it says that --ber replaces the device model.
const std::string kBerNote = "sweep: note: --ber replaces the device model, so points that differ "
                             "only in their programming condition get the same accuracy; the "
                             "conditions differ in cost only";

TEST(SweepCli, TheIssuesSweepInOneCommandAndInFourShards) {
  TempDir tmp;
  CliResult one = sweep({"-o", tmp.path("one.csv"), "-o", tmp.path("one.jsonl")});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, "sweep: 36 points (36 run, 0 already done) of 36; results in " +
                         tmp.path("one.csv") + " " + tmp.path("one.jsonl") + "\n");
  std::vector<std::string> rows = lines(readText(tmp.path("one.csv")));
  ASSERT_EQ(rows.size(), 37u);
  EXPECT_EQ(rows[0], kHeader);
  // Grid order: tile size outermost, then condition, then BER fastest.
  EXPECT_EQ(rows[1].rfind("0,36,128,128,typical,1e-06,", 0), 0u) << rows[1];
  EXPECT_EQ(rows[21].rfind("20,36,256,256,typical,1e-04,", 0), 0u) << rows[21];
  EXPECT_EQ(rows[36].rfind("35,36,256,256,low-energy,0.1,", 0), 0u) << rows[36];
  EXPECT_EQ(lines(one.err).size(), 37u); // the note, then one progress line per point
  EXPECT_EQ(lines(one.err)[0], kBerNote);
  EXPECT_EQ(lines(one.err)[36].rfind("36/36 point 35 (tile_rows=256, tile_cols=256, "
                                     "condition=low-energy, ber=0.1): accuracy ",
                                     0),
            0u)
      << one.err;
  std::vector<std::string> csvs, jsonls;
  for (int i = 0; i < 4; ++i) {
    std::string n = std::to_string(i);
    csvs.push_back(tmp.path("shard-" + n + ".csv"));
    jsonls.push_back(tmp.path("shard-" + n + ".jsonl"));
    CliResult s = sweep({"--shard", n + "/4", "-o", csvs.back(), "-o", jsonls.back()});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    EXPECT_EQ(lines(readText(csvs.back())).size(), 10u); // header + 9 points
  }
  std::reverse(csvs.begin(), csvs.end()); // the order of the files does not matter
  csvs.insert(csvs.begin(), {"sweep", "--merge"});
  csvs.insert(csvs.end(), {"-o", tmp.path("merged.csv")});
  CliResult m = runBnnc(csvs);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(m.out, "merge: 36 points from 4 file(s) into " + tmp.path("merged.csv") + "\n");
  EXPECT_EQ(readText(tmp.path("merged.csv")), readText(tmp.path("one.csv")));
  jsonls.insert(jsonls.begin(), {"sweep", "--merge"});
  jsonls.insert(jsonls.end(), {"-o", tmp.path("merged.jsonl")});
  ASSERT_EQ(runBnnc(jsonls).exit_code, 0);
  EXPECT_EQ(readText(tmp.path("merged.jsonl")), readText(tmp.path("one.jsonl")));
}

// The JSON line of a point holds the numbers of bnnc run's report for the same options.
void expectRowIsRun(const json &row, const json &run, const json &compile) {
  EXPECT_EQ(row["accuracy"], run["accuracy"]);
  EXPECT_EQ(row["accuracy_ci95_lo"], run["accuracy_ci95"][0]);
  EXPECT_EQ(row["accuracy_ci95_hi"], run["accuracy_ci95"][1]);
  EXPECT_EQ(row["ideal_accuracy"], run["ideal_accuracy"]);
  EXPECT_EQ(row["prediction_change_fraction"], run["prediction_change_fraction"]);
  EXPECT_EQ(row["observed_ber"], run["weight_ber_observed"]);
  EXPECT_EQ(row["cell_ber"], run["weight_ber_cells"]);
  EXPECT_EQ(row["energy_per_inference_pj"], run["energy_per_inference_pj"]);
  EXPECT_EQ(row["latency_per_inference_ns"], run["latency_per_inference_ns"]);
  EXPECT_EQ(row["programming_energy_nj"], run["programming_energy_nj"]);
  EXPECT_EQ(row["programming_time_us"], run["programming_time_us"]);
  EXPECT_EQ(row["tiles_used"], compile["tiles_used"]);
  // The presets retry no pulse: 2 pulses per used cell.
  EXPECT_EQ(run["programming_retry_pulses"], 0.0);
  EXPECT_EQ(row["cells_used"].get<double>() * 2, run["programming_pulses"].get<double>());
}

TEST(SweepCli, ARowIsWhatBnncRunReports) {
  TempDir tmp;
  std::string model = sourcePath("samples/models/mnist_mlp.onnx");
  std::string x = sourcePath("samples/data/mnist_mlp-test-x.npy");
  std::string y = sourcePath("samples/data/mnist_mlp-test-y.npy");
  writeText(tmp.path("s.json"), R"({"points": [
      {"condition": "low-energy", "cycles": 1e10, "chips": 2, "seed": 5},
      {"ber": 0.01, "chips": 3, "tile_rows": 64, "tile_cols": 64, "tiles": 128}]})");
  // Another technology file for the energies: every constant of the default doubled.
  json tech = json::parse(readText(sourcePath("data/technology.json")));
  for (auto &[key, field] : tech.items())
    if (field.is_object())
      field["value"] = 2 * field["value"].get<double>();
  std::string t = tmp.path("t.json");
  writeText(t, tech.dump());
  CliResult s = runBnnc({"sweep", model, "--data", x, "--labels", y, "--sweep", tmp.path("s.json"),
                         "--threads", "2", "-o", tmp.path("r.jsonl"), "--technology", t});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  std::vector<std::string> rows = lines(readText(tmp.path("r.jsonl")));
  ASSERT_EQ(rows.size(), 2u);
  writeText(tmp.path("a64.json"), R"({"tile_rows": 64, "tile_cols": 64, "tiles": 128})");
  ASSERT_EQ(runBnnc({"compile", model, "-o", tmp.path("le.bnn"), "--condition", "low-energy",
                     "--report", tmp.path("le.json")})
                .exit_code,
            0);
  ASSERT_EQ(runBnnc({"compile", model, "-o", tmp.path("a64.bnn"), "--arch", tmp.path("a64.json"),
                     "--report", tmp.path("a64r.json")})
                .exit_code,
            0);
  ASSERT_EQ(
      runBnnc({"run", tmp.path("le.bnn"), "--data", x, "--labels", y, "--chips", "2", "--seed", "5",
               "--cycles", "1e10", "--json", tmp.path("run0.json"), "--technology", t})
          .exit_code,
      0);
  ASSERT_EQ(runBnnc({"run", tmp.path("a64.bnn"), "--data", x, "--labels", y, "--chips", "3",
                     "--ber", "0.01", "--json", tmp.path("run1.json"), "--technology", t})
                .exit_code,
            0);
  json row0 = json::parse(rows[0]), row1 = json::parse(rows[1]);
  EXPECT_EQ(row0["condition"], "low-energy");
  EXPECT_EQ(row0["cycles"], 1e10);
  EXPECT_TRUE(row0["ber"].is_null());
  EXPECT_TRUE(row1["cycles"].is_null());
  EXPECT_EQ(row1["tile_rows"], 64);
  expectRowIsRun(row0, json::parse(readText(tmp.path("run0.json"))),
                 json::parse(readText(tmp.path("le.json"))));
  expectRowIsRun(row1, json::parse(readText(tmp.path("run1.json"))),
                 json::parse(readText(tmp.path("a64r.json"))));
}

TEST(SweepCli, ResumeSkipsFinishedPoints) {
  TempDir tmp;
  std::string ref = tmp.path("ref.csv"), out = tmp.path("out.csv");
  ASSERT_EQ(sweep({"-o", ref}).exit_code, 0);
  std::vector<std::string> rows = lines(readText(ref));
  // An interrupted run: 10 points, then half a line. Point 5's accuracy is changed, so that a
  // re-run of it would show.
  std::vector<std::string> fields;
  for (size_t start = 0, comma;; start = comma + 1) {
    comma = rows[6].find(',', start);
    fields.push_back(rows[6].substr(start, comma - start));
    if (comma == std::string::npos)
      break;
  }
  fields[6] = "0.123"; // accuracy
  std::string row5 = fields[0];
  for (size_t i = 1; i < fields.size(); ++i)
    row5 += "," + fields[i];
  std::string partial;
  for (size_t i = 0; i <= 10; ++i)
    partial += (i == 6 ? row5 : rows[i]) + "\n";
  writeText(out, partial + rows[11].substr(0, 20));
  CliResult r = sweep({"-o", out, "--resume"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "sweep: 36 points (26 run, 10 already done) of 36; results in " + out + "\n");
  std::vector<std::string> err = lines(r.err);
  ASSERT_EQ(err.size(), 3u + 26u);
  EXPECT_EQ(err[0], kBerNote);
  EXPECT_EQ(err[1], out + ": line 12: warning: dropped a cut-short last line (an interrupted "
                          "write)");
  EXPECT_EQ(err[2], "10/36 points already in the outputs, skipped");
  EXPECT_EQ(err[3].rfind("11/36 point 10 (", 0), 0u) << err[3];
  std::string expected = readText(ref);
  expected.replace(expected.find(rows[6]), rows[6].size(), row5);
  EXPECT_EQ(readText(out), expected);
  // Resuming a finished sweep runs nothing.
  CliResult again = sweep({"-o", out, "--resume"});
  EXPECT_EQ(again.out, "sweep: 36 points (0 run, 36 already done) of 36; results in " + out + "\n");
  EXPECT_EQ(readText(out), expected);
}

TEST(SweepCli, ResumeRefusesTheOutputOfAnotherSweep) {
  TempDir tmp;
  std::string out = tmp.path("out.csv");
  ASSERT_EQ(sweep({"-o", out, "--shard", "0/12"}).exit_code, 0);
  CliResult r = sweep({"-o", out, "--resume", "--seed", "1", "--param", "chips=2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, kBerNote + "\n" + out +
                       ": line 1: error: the columns differ from this sweep's (point,points,"
                       "tile_rows,tile_cols,condition,ber,chips,accuracy,accuracy_ci95_lo,"
                       "accuracy_ci95_hi,ideal_accuracy,prediction_change_fraction,observed_ber,"
                       "cell_ber,energy_per_inference_pj,latency_per_inference_ns,"
                       "programming_energy_nj,programming_time_us,cells_used,tiles_used)\n");
  CliResult shard = sweep({"-o", out, "--resume", "--shard", "1/12"});
  EXPECT_EQ(shard.exit_code, 1);
  EXPECT_EQ(shard.err, kBerNote + "\n" + out + ": line 2: error: point 0 is not in this shard\n");
}

// The cheapest point within 0.5 accuracy points of the ideal chip (of equally cheap ones the most
// accurate), found from the CSV directly.
std::string cheapestWithin(const std::string &csv, const std::string &cost) {
  std::vector<std::string> rows = lines(csv);
  auto field = [](const std::string &row, size_t i) {
    size_t start = 0;
    for (size_t k = 0; k < i; ++k)
      start = row.find(',', start) + 1;
    return row.substr(start, row.find(',', start) - start);
  };
  std::vector<std::string> keys;
  for (size_t i = 0; field(rows[0] + ",", i) != ""; ++i)
    keys.push_back(field(rows[0], i));
  size_t acc = size_t(std::find(keys.begin(), keys.end(), "accuracy") - keys.begin());
  size_t ideal = size_t(std::find(keys.begin(), keys.end(), "ideal_accuracy") - keys.begin());
  size_t c = size_t(std::find(keys.begin(), keys.end(), cost) - keys.begin());
  // Cheapest, then most accurate, then first.
  std::string best;
  double best_cost = 1e300, best_acc = -1;
  for (size_t r = 1; r < rows.size(); ++r) {
    double a = std::stod(field(rows[r], acc)), v = std::stod(field(rows[r], c));
    bool better = v < best_cost || (v == best_cost && a > best_acc);
    if (100 * (std::stod(field(rows[r], ideal)) - a) <= 0.5 && better) {
      best_cost = v;
      best_acc = a;
      best = field(rows[r], 0);
    }
  }
  return best;
}

TEST(SweepCli, ParetoFrontsAndPlots) {
  TempDir tmp;
  std::string csv = tmp.path("r.csv"), plots = tmp.path("plots");
  CliResult r = sweep({"-o", csv, "--pareto", "energy", "--pareto", "programming-energy",
                       "--max-loss", "0.5", "--plots", plots});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string cost : {"energy_per_inference_pj", "programming_energy_nj"}) {
    size_t at = r.out.find("Pareto front of " + cost + " (lower is better) and accuracy: ");
    ASSERT_NE(at, std::string::npos) << r.out;
    std::string point = cheapestWithin(readText(csv), cost);
    size_t line = r.out.find(
        "cheapest point within 0.5 accuracy points of the ideal chip: point " + point + " (", at);
    EXPECT_NE(line, std::string::npos) << cost << " " << point << "\n" << r.out;
  }
  for (const std::string name : {"accuracy-vs-ber.svg", "pareto-energy_per_inference_pj.svg",
                                 "pareto-programming_energy_nj.svg"}) {
    std::string svg = readText(plots + "/" + name);
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u) << name;
    EXPECT_NE(r.out.find(plots + "/" + name), std::string::npos);
  }
  // Six lines (2 tile sizes x 3 conditions) of six BERs each in the accuracy plot.
  std::string svg = readText(plots + "/accuracy-vs-ber.svg");
  size_t polylines = 0;
  for (size_t at = 0; (at = svg.find("<polyline", at)) != std::string::npos; ++at)
    ++polylines;
  EXPECT_EQ(polylines, 6u);
  // The same analysis from the file alone.
  CliResult m = runBnnc({"sweep", "--merge", csv, "--pareto", "energy", "--pareto",
                         "programming-energy", "--max-loss", "0.5"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(m.out.substr(m.out.find('\n')),
            r.out.substr(r.out.find('\n'), m.out.size() - m.out.find('\n')));
}

} // namespace
} // namespace bnnc::test
