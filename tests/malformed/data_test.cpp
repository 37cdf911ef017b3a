// Hostile data and labels through `bnnc run`: the wrong shape, an unsupported dtype, NaN values,
// labels of another length or out of range. The small model takes 4 values and has 2 classes.
#include "malformed/malformed_util.h"

#include <gtest/gtest.h>
#include <limits>

namespace bnnc::test {
namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();

struct Files {
  TempDir tmp;
  std::string image = writeSmallImage(tmp);
  std::string out = tmp.path("o.npy"), json = tmp.path("r.json");
  std::string save(const std::string &name, const std::string &bytes) const {
    std::string path = tmp.path(name);
    saveBytes(path, bytes);
    return path;
  }
  // Runs the image (and the ONNX model, on the reference interpreter) on `data` [+ `labels`].
  void expectRunError(const std::string &data, const std::string &labels,
                      const std::string &message) const {
    for (const std::string &model : {image, image + ".onnx"}) {
      std::vector<std::string> args = {"run",       model, "--data", data,
                                       "--outputs", out,   "--json", json};
      if (!labels.empty())
        args.insert(args.end(), {"--labels", labels});
      expectFailure(args, 1, message, {out, json});
    }
  }
};

std::string twoSamples() { return npyBytes("<f4", {2, 4}, f32Bytes({1, 2, 3, 4, 5, 6, 7, 8})); }

TEST(MalformedData, WrongShape) {
  Files f;
  std::string d = f.save("x3.npy", npyBytes("<f4", {2, 3}, f32Bytes({1, 2, 3, 4, 5, 6})));
  f.expectRunError(d, "",
                   d + ": error: samples of shape [3] do not fit the model input [4] (3 values per "
                       "sample, the model takes 4)");
  std::string scalar = f.save("s.npy", npyBytes("<f4", {}, f32Bytes({1})));
  f.expectRunError(scalar, "",
                   scalar + ": error: the array is a scalar, expected a batch dimension first");
  std::string none = f.save("none.npy", npyBytes("<f4", {0, 4}, ""));
  f.expectRunError(none, "", none + ": error: the file holds no samples");
  std::string csv = f.save("ragged.csv", "1,2,3,4\n5,6,7\n");
  f.expectRunError(csv, "", csv + ": line 2: error: expected 4 values, got 3");
  // The header claims more data than the file holds: refused before allocating.
  std::string lie = f.save("lie.npy", npyBytes("<f4", {1000000, 1000000}, f32Bytes({1, 2})));
  f.expectRunError(lie, "",
                   lie + ": offset 0x3c: error: shape [1000000,1000000] of float32 needs "
                         "4000000000000 bytes of data, the file has 8");
}

TEST(MalformedData, CorruptGzip) {
  Files f;
  // A gzip header (1f 8b, deflate, no flags, mtime 0, xfl 0, OS 3), then a block of type 3,
  // which does not exist.
  std::string header("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  std::string bad = f.save("bad.npy.gz", header + "\x07\x00\x00");
  f.expectRunError(bad, "", bad + ": offset 0x0b: error: corrupt gzip data (invalid block type)");
  std::string cut = f.save("cut.npy", header);
  f.expectRunError(cut, "", cut + ": offset 0x0a: error: gzip data ends early (truncated file)");
}

TEST(MalformedData, WrongDtype) {
  Files f;
  std::string c = f.save("c.npy", npyBytes("<c8", {1, 4}, std::string(32, '\0')));
  f.expectRunError(c, "",
                   c + ": offset 0x14: error: unsupported dtype '<c8' (supported: <f4 <f8 |u1 |i1 "
                       "|b1 <u2 <i2 <u4 <i4 <u8 <i8)");
  std::string be = f.save("be.npy", npyBytes(">f4", {1, 4}, std::string(16, '\0')));
  f.expectRunError(be, "", be + ": offset 0x14: error: unsupported dtype '>f4' (big-endian)");
  std::string text = f.save("x.csv", "a,b,c,d\n1,2,x,4\n");
  f.expectRunError(text, "", text + ": line 2: error: value 3 'x' is not a number");
  // Bytes of the file that end up in a message are escaped: it stays one line.
  std::string ctl = f.save("ctl.csv", std::string("1,2,3,4\n1,2,\x1b[2J\0,4\n", 20));
  f.expectRunError(ctl, "", ctl + ": line 2: error: value 3 \"\\x1b[2J\\x00\" is not a number");
}

TEST(MalformedData, NaNAndInfiniteValues) {
  Files f;
  std::string nan =
      f.save("nan.npy", npyBytes("<f4", {2, 4}, f32Bytes({1, 2, 3, 4, 5, kNaN, 7, 8})));
  f.expectRunError(nan, "",
                   nan + ": offset 0x94: error: sample 1, element 1 is nan, sample values must be "
                         "finite");
  std::string inf = f.save("inf.csv", "1,2,3,4\n5,6,-inf,8\n");
  f.expectRunError(inf, "",
                   inf + ": line 2: error: sample 1, element 2 is -inf, sample values must be "
                         "finite");
  std::string huge = f.save("huge.npy", npyBytes("<f8", {1, 4}, f64Bytes({0, 1e300, 2, 3})));
  f.expectRunError(huge, "",
                   huge + ": offset 0x88: error: sample 0, element 1 is 1e+300, beyond the float32 "
                          "range");
}

TEST(MalformedData, Labels) {
  Files f;
  std::string data = f.save("x.npy", twoSamples());
  std::string three = f.save("y3.npy", npyBytes("|u1", {3}, std::string("\0\1\1", 3)));
  f.expectRunError(data, three, three + ": error: 3 labels for 2 samples in " + data);
  std::string neg =
      f.save("yneg.npy", npyBytes("<i4", {2}, std::string("\1\0\0\0\xff\xff\xff\xff", 8)));
  f.expectRunError(data, neg,
                   neg + ": offset 0x84: error: label of sample 1 is -1, labels must be "
                         "non-negative integers");
  std::string frac = f.save("yfrac.csv", "0\n0.5\n");
  f.expectRunError(data, frac,
                   frac + ": line 2: error: label of sample 1 is 0.5, labels must be non-negative "
                          "integers");
  // The model has 2 classes: label 2 can never be predicted.
  std::string range = f.save("yrange.npy", npyBytes("|u1", {2}, std::string("\1\2", 2)));
  f.expectRunError(data, range, range + ": error: label 1 is 2, outside the model's 2 classes");
  std::string wide = f.save("ywide.npy", npyBytes("|u1", {2, 2}, std::string("\1\0\0\1", 4)));
  f.expectRunError(data, wide,
                   wide + ": offset 0x00: error: labels must have shape [n] or [n,1], got [2,2]");
}

} // namespace
} // namespace bnnc::test
