// Result rows and files: CSV fields and their parsing, incremental writing, --resume (cut-short
// lines, rows of another sweep, files that disagree), and the final point order.
#include "bnnc/support/error.h"
#include "bnnc/support/random.h"
#include "bnnc/sweep/files.h"
#include "bnnc/sweep/output.h"
#include "unit/sweep/sweep_util.h"

#include <gtest/gtest.h>
#include <sstream>

namespace bnnc::sweep {
namespace {

TEST(SweepRows, CsvFieldsAndNumbers) {
  EXPECT_EQ(csvField(json(1e-5)), "1e-05");
  EXPECT_EQ(csvField(json(0.1 + 0.2)), "0.30000000000000004"); // shortest round trip
  EXPECT_EQ(csvField(json(2750.0)), "2750");
  EXPECT_EQ(csvField(json(int64_t(-3))), "-3");
  EXPECT_EQ(csvField(json(nullptr)), "");
  EXPECT_EQ(csvField(json(true)), "true");
  EXPECT_EQ(csvField(json("low-energy")), "low-energy");
  EXPECT_EQ(csvField(json("a,b")), "\"a,b\"");
  EXPECT_EQ(csvField(json("say \"hi\"")), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvField(json(" padded")), "\" padded\"");
}

TEST(SweepRows, LinesAndPrefixes) {
  json head = rowHead(3, 10, {"condition", "ber"}, {json("typical"), json(nullptr)});
  json row = head;
  row["accuracy"] = 0.9575;
  EXPECT_EQ(rowLine(Format::Csv, row), "3,10,typical,,0.9575\n");
  EXPECT_EQ(rowLine(Format::Jsonl, row),
            "{\"point\":3,\"points\":10,\"condition\":\"typical\",\"ber\":null,\"accuracy\":0.9575}"
            "\n");
  EXPECT_EQ(rowPrefix(Format::Csv, head), "3,10,typical,,");
  EXPECT_EQ(rowPrefix(Format::Jsonl, head),
            "{\"point\":3,\"points\":10,\"condition\":\"typical\",\"ber\":null,");
  EXPECT_EQ(csvHeader(rowKeys({"ber"})).substr(0, 22), "point,points,ber,accur");
}

// Random strings of awkward characters survive csvField and splitCsvLine (seed printed).
TEST(SweepRows, CsvRoundTrip) {
  const uint64_t seed = 77;
  Rng rng(seed);
  const std::string alphabet = "ab ,\"\r'x";
  for (int trial = 0; trial < 500; ++trial) {
    std::vector<std::string> fields(rng.next() % 5 + 1);
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i) {
      for (uint64_t n = rng.next() % 6; n > 0; --n)
        fields[i] += alphabet[rng.next() % alphabet.size()];
      line += i ? "," : "";
      line += csvField(json(fields[i]));
    }
    std::vector<std::string> back;
    ASSERT_TRUE(splitCsvLine(line, back)) << "seed " << seed << ": " << line;
    ASSERT_EQ(back, fields) << "seed " << seed << ": " << line;
  }
  std::vector<std::string> f;
  EXPECT_FALSE(splitCsvLine("1,\"open", f));
}

TEST(SweepFiles, ReadsRowsAndNamesBadLines) {
  test::Scratch dir;
  std::string csv = dir.path("r.csv");
  dir.write(csv, "point,points,ber,accuracy\n0,3,0.1,0.9\n2,3,\"0.3\",0.7\n1,3,0.2");
  ResultFile f = readResultFile(csv);
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_EQ(f.rows[1].point, 2);
  EXPECT_EQ(f.rows[1].line, "2,3,\"0.3\",0.7\n");
  EXPECT_EQ(f.truncated_line, 4u);
  Table t = tableOf(f);
  EXPECT_EQ(t.parameters(), std::vector<std::string>{"ber"}); // accuracy is a result
  EXPECT_EQ(t.cells[1][2], "0.3");
  EXPECT_EQ(t.number(1, 3), 0.7);
  dir.write(csv, "point,points,ber\n0,3\n");
  EXPECT_EQ(test::errorOf([&] { readResultFile(csv); }),
            csv + ": line 2: error: has 2 fields, the header 3");
  dir.write(csv, "point,points\nx,3\n");
  EXPECT_EQ(test::errorOf([&] { readResultFile(csv); }),
            csv + ": line 2: error: point and points must be non-negative integers, got 'x' and "
                  "'3'");
  dir.write(csv, "a,b\n");
  EXPECT_EQ(test::errorOf([&] { readResultFile(csv); }),
            csv + ": line 1: error: not a sweep result: the header does not start with "
                  "point,points");
  std::string jsonl = dir.path("r.jsonl");
  dir.write(jsonl, "{\"point\":0,\"points\":2,\"ber\":0.1}\n{\"point\":1,\"points\":2}\n");
  EXPECT_EQ(test::errorOf([&] { readResultFile(jsonl); }),
            jsonl + ": line 2: error: its keys differ from line 1's");
  dir.write(jsonl, "{\"point\":0,\"points\":2,\"ber\":0.1}\n[1]\n");
  EXPECT_EQ(test::errorOf([&] { readResultFile(jsonl); }),
            jsonl + ": line 2: error: not a JSON object");
}

TEST(SweepOutputs, WritesRowsAsTheyCome) {
  test::Scratch dir;
  test::ToyLayout toy(4, test::everyPoint);
  std::ostringstream err;
  Outputs out({dir.path("a.csv"), dir.path("a.jsonl")}, toy.layout, false, err);
  out.write(0, toy.row(0));
  // Flushed at once: the row is in the file before the next one or close().
  EXPECT_EQ(dir.read(dir.path("a.csv")), csvHeader(toy.layout.keys) + "0,4,0,0\n");
  EXPECT_EQ(dir.read(dir.path("a.jsonl")),
            "{\"point\":0,\"points\":4,\"ber\":0.0,\"accuracy\":0.0}\n");
  out.write(1, toy.row(1));
  out.close();
  EXPECT_EQ(dir.read(dir.path("a.csv")), toy.csv({0, 1}));
}

TEST(SweepOutputs, ResumeSkipsDonePointsAndDropsACutShortLine) {
  test::Scratch dir;
  test::ToyLayout toy(5, test::everyPoint);
  std::string csv = dir.path("a.csv"), jsonl = dir.path("a.jsonl");
  dir.write(csv, toy.csv({0, 1, 2}) + "3,5,0.3"); // interrupted while writing point 3
  dir.write(jsonl, toy.jsonl({0, 1}));            // and one point behind
  std::ostringstream err;
  Outputs out({csv, jsonl}, toy.layout, true, err);
  EXPECT_EQ(err.str(), csv + ": line 5: warning: dropped a cut-short last line (an interrupted "
                             "write)\n");
  EXPECT_EQ(out.doneCount(), 2); // the points both files hold
  EXPECT_TRUE(out.done(1));
  EXPECT_FALSE(out.done(2));
  for (int64_t p = 2; p < 5; ++p)
    out.write(p, toy.row(p));
  out.close();
  EXPECT_EQ(dir.read(csv), toy.csv({0, 1, 2, 3, 4}));
  EXPECT_EQ(dir.read(jsonl), toy.jsonl({0, 1, 2, 3, 4}));
}

TEST(SweepOutputs, ResumeKeepsFinishedRowsAsWritten) {
  test::Scratch dir;
  test::ToyLayout toy(3, test::everyPoint);
  std::string csv = dir.path("a.csv");
  std::string kept = "1,3,0.1,0.123\n"; // results differ from a new run's: proof of no re-run
  dir.write(csv, csvHeader(toy.layout.keys) + kept);
  std::ostringstream err;
  Outputs out({csv}, toy.layout, true, err);
  out.write(0, toy.row(0));
  out.write(2, toy.row(2));
  out.close(); // point 0 came after point 1: the file is put back in point order
  EXPECT_EQ(dir.read(csv), csvHeader(toy.layout.keys) + "0,3,0,0\n" + kept + "2,3,0.2,0.2\n");
}

TEST(SweepOutputs, ResumeRejectsRowsOfAnotherSweep) {
  test::Scratch dir;
  test::ToyLayout toy(4, [](int64_t p) { return p % 2 == 0; });
  std::string csv = dir.path("a.csv");
  std::ostringstream err;
  auto open = [&] { Outputs out({csv}, toy.layout, true, err); };
  dir.write(csv, "point,points,tile_rows,accuracy\n");
  EXPECT_EQ(test::errorOf(open), csv + ": line 1: error: the columns differ from this sweep's "
                                       "(point,points,ber,accuracy)");
  dir.write(csv, csvHeader(toy.layout.keys) + "0,5,0,0\n");
  EXPECT_EQ(test::errorOf(open),
            csv + ": line 2: error: the row belongs to a sweep of 5 points, this one has 4");
  dir.write(csv, csvHeader(toy.layout.keys) + "0,4,0.5,0\n");
  EXPECT_EQ(test::errorOf(open), csv + ": line 2: error: point 0 has other parameter values than "
                                       "in this sweep, where its row starts with '0,4,0,'");
  dir.write(csv, csvHeader(toy.layout.keys) + "1,4,0.1,0\n");
  EXPECT_EQ(test::errorOf(open), csv + ": line 2: error: point 1 is not in this shard");
  dir.write(csv, csvHeader(toy.layout.keys) + "7,4,0.1,0\n");
  EXPECT_EQ(test::errorOf(open), csv + ": line 2: error: point 7 is not in this sweep");
  dir.write(csv, toy.csv({0, 2}) + "0,4,0,0\n");
  EXPECT_EQ(test::errorOf(open), csv + ": line 4: error: point 0 is there twice");
}

TEST(SweepOutputs, WithoutResumeAFileStartsAnew) {
  test::Scratch dir;
  test::ToyLayout toy(2, test::everyPoint);
  std::string csv = dir.path("a.csv");
  dir.write(csv, "whatever was there\n");
  std::ostringstream err;
  Outputs out({csv}, toy.layout, false, err);
  out.close();
  EXPECT_EQ(dir.read(csv), csvHeader(toy.layout.keys));
}

} // namespace
} // namespace bnnc::sweep
