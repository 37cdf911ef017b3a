// A measured resistance file with too few values for the condition asked for is refused, naming
// the file, the state, the count and the conditions the file does hold.
#include "../lib/device/measured.h" // the device library's internal header

#include "bnnc/support/error.h"

#include <fstream>
#include <gtest/gtest.h>

namespace bnnc::device {
namespace {

TEST(Measured, TooFewResistancesForTheCondition) {
  std::string path = testing::TempDir() + "/bnnc_measured.csv";
  {
    std::ofstream out(path);
    out << "condition,state,resistance_ohm\n";
    for (int i = 0; i < 10; ++i)
      out << "typical,LRS," << 5000 + 10 * i << "\n";
    for (int i = 0; i < 3; ++i)
      out << "typical,HRS," << 100000 + 1000 * i << "\n";
    out << "other,HRS,120000\n";
  }
  try {
    readMeasured(path, "typical");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": error: 3 HRS resistances for condition 'typical', at least 10 needed "
                     "(conditions in the file: other, typical)");
  }
  {
    std::ofstream out(path);
    out << "condition,state,resistance_ohm\n";
  }
  try {
    readMeasured(path, "typical");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": error: 0 LRS resistances for condition 'typical', at least 10 needed "
                     "(conditions in the file: none)");
  }
}

} // namespace
} // namespace bnnc::device
