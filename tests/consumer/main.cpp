// consumer MODEL.onnx DATA LABELS CHIPS SEED: compiles the model, runs it on CHIPS chips of its
// condition's device model, and prints the evaluation's JSON (the keys of bnnc run --json).
#include <bnnc/bnnc.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char **argv) {
  if (argc != 6) {
    std::cerr << "usage: consumer MODEL.onnx DATA LABELS CHIPS SEED\n";
    return 2;
  }
  try {
    bnnc::api::Compiled compiled = bnnc::api::compile(argv[1], bnnc::api::CompileOptions{});
    auto image = std::make_shared<const bnnc::image::ChipImage>(std::move(compiled.image));
    bnnc::data::Dataset x = bnnc::data::loadData(argv[2]);
    std::vector<int64_t> y = bnnc::data::loadLabels(argv[3]);
    bnnc::evaluate::Bench bench =
        bnnc::evaluate::benchOf(image, x.values.data(), x.count, y, /*threads=*/2);
    bnnc::evaluate::Population population;
    population.chips = std::atoi(argv[4]);
    population.seed = std::strtoull(argv[5], nullptr, 10);
    bnnc::evaluate::Result result = bench.evaluate(population);
    std::cout << bnnc::evaluate::resultJson(result, population, *image).dump(2) << "\n";
  } catch (const bnnc::Error &e) {
    for (const bnnc::Diagnostic &d : e.diagnostics())
      std::cerr << d.text << "\n";
    return 1;
  }
  return 0;
}
