// The target architecture: tiles of 2T2R cells with one PCSA per column, read one word-line row
// per cycle, a popcount unit per tile and a digital accumulator for partial sums across tiles.
// Loaded from a JSON file (schema in docs/architecture-file.md); data/arch/default.json is the
// default.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace bnnc::mapping {

struct Arch {
  std::string name = "default";
  int64_t tile_rows = 128;   // word lines = neurons per tile
  int64_t tile_cols = 128;   // bit lines (2T2R cells, one PCSA each) = fan-in per tile
  int64_t popcount_bits = 8; // width of a tile's popcount output; must hold tile_cols
  int64_t tiles = 64;        // tiles per chip
  double clock_mhz = 100;    // periphery clock, one row read per cycle
  // Spare bit lines per tile (with their PCSAs), used only by fault-aware mapping (bnnc compile
  // --fault-map) to replace columns with stuck devices; the image records them in its cell map.
  int64_t spare_cols = 0;
  bool operator==(const Arch &) const = default;
};

// Limits of the fields (docs/architecture-file.md says why each is what it is).
constexpr int64_t kMaxTileRows = 4096;
constexpr int64_t kMaxTileCols = 4096;
constexpr int64_t kMaxPopcountBits = 32;
constexpr int64_t kMaxTiles = 65536;
constexpr double kMaxClockMhz = 100000;
constexpr size_t kMaxArchNameBytes = 255;

// What is wrong with an architecture: the JSON key of the field and a message without it, e.g.
// {"tile_rows", "must be a positive integer, got -3"}.
struct ArchProblem {
  std::string field;
  std::string message;
};
// The first problem of `arch` in field order (then the popcount width check), if any.
std::optional<ArchProblem> checkArch(const Arch &arch);

// Parses and validates an architecture JSON text; `source` names the file in messages, which give
// a JSON pointer ("arch.json: /tile_rows: error: must be a positive integer, got -3").
Arch parseArch(const std::string &text, const std::string &source);
Arch loadArch(const std::string &path);
// The default architecture as compiled in (identical to data/arch/default.json).
Arch defaultArch();

} // namespace bnnc::mapping
