// bnnc sweep --merge: the result files of the shards of one sweep joined into one, rows in point
// order, byte for byte the file a single run writes.
#pragma once

#include "bnnc/sweep/files.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace bnnc::sweep {

// Reads and joins `paths`: they must have the same format and columns, belong to one sweep (the
// same `points`), hold no point twice and every point once between them. A cut-short last line
// (an interrupted shard) is dropped with a warning on `err`.
ResultFile mergeResults(const std::vector<std::string> &paths, std::ostream &err);

// Writes a result file (atomically): the CSV header, then the rows.
void writeResults(const ResultFile &file, const std::string &path);

} // namespace bnnc::sweep
