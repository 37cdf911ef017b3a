// The ONNX importer and everything behind it, as `bnnc compile` and `bnnc inspect --json` run
// them: the model is compiled (8-bit input over [0, 1] if it reads a raw input) into an image, a
// CSV schedule and a JSON report; a compiled image must read back. Every error must name the
// model or one of the output files.
#include "bnnc/driver/driver.h"
#include "bnnc/image/image.h"
#include "bnnc/support/file.h"
#include "fuzz/target_list.h"
#include "fuzz/targets.h"

#include <sstream>

namespace bnnc::fuzz {

void fuzzOnnx(const uint8_t *data, size_t size) {
  driver::CompileRequest r;
  r.model = scratchFile("m.onnx", data, size);
  r.output = scratchPath("m.bnn");
  r.schedule = scratchPath("m.csv");
  r.report = scratchPath("m.json");
  r.input_bits = 8;
  r.input_range = "0,1";
  r.print_after = "all";
  std::ostringstream out, err;
  try {
    driver::compile(r, out, err);
    // What the compiler writes, its reader accepts.
    image::readImage(readFileBytes(r.output), r.output);
  } catch (const Error &e) {
    checkMessage(e.what(), {r.model, r.output, r.schedule, r.report});
  }
  try {
    driver::inspect(driver::InspectRequest{r.model, true}, out, err);
  } catch (const Error &e) {
    checkMessage(e.what(), {r.model});
  }
}

} // namespace bnnc::fuzz
