// Small graph-editing helpers shared by the graph passes.
#pragma once

#include "bnnc/ir/graph.h"

#include <set>
#include <string>

namespace bnnc::passes {

// Makes every reader of `from` (nodes and graph outputs) read `to` instead.
void replaceUses(ir::Graph &graph, const std::string &from, const std::string &to);
// Removes the nodes whose index into graph.nodes is in `dead`.
void eraseNodes(ir::Graph &graph, const std::set<size_t> &dead);
// Removes nodes none of whose outputs is read (by a node or as a graph output), repeatedly.
void eraseUnused(ir::Graph &graph);
// graph.where(node), naming a Binarize by the op the model wrote ("Sign", "Where"...).
std::string whereSource(const ir::Graph &graph, const ir::Node &node);
// A constant scalar value (a tensor with one element), if `name` is one.
bool constantScalar(const ir::Graph &graph, const std::string &name, double &value);

} // namespace bnnc::passes
