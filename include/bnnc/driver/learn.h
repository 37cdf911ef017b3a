// bnnc learn (docs/cli.md, "bnnc learn"; docs/learning.md): Bayesian learning in a virtual RRAM
// array by Metropolis-Hastings on the devices' own randomness, written as a posterior image that
// `bnnc run` evaluates.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace bnnc::driver {

struct LearnRequest {
  std::string data;   // features and labels: a CSV with the label last, or with `labels`
  std::string labels; // optional labels file
  // A given held-out set; without it a seeded fraction of `data` is held out.
  std::string test_data, test_labels;
  std::optional<double> test_fraction; // default 0.2
  std::optional<uint64_t> split_seed;  // default 1
  std::string write_test;              // the held-out set as CSV, optional
  std::string model = "logistic";      // preset or JSON file
  std::string device = "typical";      // preset or JSON file
  double cycles = 0;                   // age of the devices when learning starts
  std::string array = "128x128";       // ROWSxCOLS devices
  int64_t steps = 20000, burn_in = 2000;
  std::optional<int64_t> samples; // models kept at most; default: as many as the array holds
  double prior_sd = 1;
  uint64_t seed = 1;
  int threads = 1;
  std::string constants; // learning constants JSON; default data/learning.json, compiled in
  std::string output;    // the posterior image
  std::string json;      // the report as JSON, optional
  bool cpu_reference = false;
  bool progress = false; // chain progress on `err` (the tool sets it for a terminal)
};

// Prints the human report on `out`, warnings and progress on `err`; throws bnnc::Error on bad
// input (UsageError for options that do not go together); on error no output file is written.
void learn(const LearnRequest &request, std::ostream &out, std::ostream &err);

} // namespace bnnc::driver
