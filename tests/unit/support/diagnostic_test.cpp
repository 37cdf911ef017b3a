// Diagnostics read back from bnnc's message texts (docs/errors.md): every kind of place.
#include "bnnc/support/diagnostic.h"
#include "bnnc/support/error.h"

#include <gtest/gtest.h>

namespace bnnc {
namespace {

TEST(Diagnostic, ANodeOfAModel) {
  Diagnostic d = parseDiagnostic("m.onnx: node 'bn1' (BatchNormalization, #3): error: epsilon "
                                 "must be positive, got -1e-05");
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.file, "m.onnx");
  EXPECT_EQ(d.place, "node 'bn1' (BatchNormalization, #3)");
  EXPECT_EQ(d.node, "bn1");
  EXPECT_EQ(d.message, "epsilon must be positive, got -1e-05");
  EXPECT_FALSE(d.offset);
  EXPECT_FALSE(d.has_pointer);
  // A node name may hold quotes and colons: the place ends at the last "' (".
  d = parseDiagnostic("m.onnx: node 'a' (b): c' (Sign, #4): warning: 1 channel(s) can reach 0");
  EXPECT_EQ(d.severity, Severity::Warning);
  EXPECT_EQ(d.node, "a' (b): c");
}

TEST(Diagnostic, AByteOffsetAndSection) {
  Diagnostic d = parseDiagnostic("m.bnn: offset 0x4a1 (section LAYR): error: layer 'fc1' has 19 "
                                 "threshold values, expected 20");
  EXPECT_EQ(d.offset, 0x4a1u);
  EXPECT_EQ(d.section, "LAYR");
  EXPECT_EQ(d.message, "layer 'fc1' has 19 threshold values, expected 20");
  d = parseDiagnostic("m.bnn: offset 0x8 (header): error: image format version 2.1 is newer");
  EXPECT_EQ(d.offset, 8u);
  EXPECT_EQ(d.section, "header");
  d = parseDiagnostic("m.bnn: offset 0xb8 (section table entry 5 (TILE)): error: runs past");
  EXPECT_EQ(d.section, "section table entry 5 (TILE)");
  d = parseDiagnostic("x.npy: offset 0x94: error: sample 1, element 1 is nan");
  EXPECT_EQ(d.offset, 0x94u);
  EXPECT_EQ(d.section, "");
}

TEST(Diagnostic, AJsonPointerOrALine) {
  Diagnostic d = parseDiagnostic("sweep.json: /grid/1/ber/2: error: must be a number in [0, 1], "
                                 "got 1.5");
  EXPECT_TRUE(d.has_pointer);
  EXPECT_EQ(d.pointer, "/grid/1/ber/2");
  d = parseDiagnostic("a.json: top level: error: must be a JSON object, got an array");
  EXPECT_TRUE(d.has_pointer);
  EXPECT_EQ(d.pointer, "");
  d = parseDiagnostic("a.json: line 2, column 15: error: syntax error while parsing value");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 15);
  d = parseDiagnostic("x.csv: line 7: error: expected 4 values, got 3");
  EXPECT_EQ(d.line, 7);
  EXPECT_FALSE(d.column);
}

TEST(Diagnostic, AnOptionOrNoPlace) {
  Diagnostic d = parseDiagnostic("--threads: error: must be at least 1, got 0");
  EXPECT_EQ(d.file, "--threads");
  EXPECT_EQ(d.place, "");
  EXPECT_EQ(d.message, "must be at least 1, got 0");
  d = parseDiagnostic("sweep: note: --ber replaces the device model");
  EXPECT_EQ(d.severity, Severity::Note);
  EXPECT_EQ(d.message, "--ber replaces the device model");
  d = parseDiagnostic("not a diagnostic");
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.file, "");
  EXPECT_EQ(d.message, "not a diagnostic");
}

TEST(Diagnostic, AnErrorHoldsOnePerLineAndKeepsItsText) {
  const std::string text = "m.onnx: node 'a' (Exp, #1): error: unsupported op Exp\n"
                           "m.onnx: node 'b' (Exp, #2): error: unsupported op Exp";
  std::vector<Diagnostic> ds = Error(text).diagnostics();
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].node, "a");
  EXPECT_EQ(ds[1].node, "b");
  EXPECT_EQ(ds[0].text + "\n" + ds[1].text, text);
  EXPECT_STREQ(severityName(Severity::Warning), "warning");
}

} // namespace
} // namespace bnnc
