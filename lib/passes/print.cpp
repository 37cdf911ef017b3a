// Text dumps of the graph IR and of the layer program, for --print-after and golden tests. Both
// are deterministic: nodes in graph order, constants by name, numbers with up to 9 digits.
#include "bnnc/passes/passes.h"

#include <sstream>

namespace bnnc::passes {

namespace {

std::string attrText(const ir::Attribute &a) {
  std::ostringstream s;
  s.precision(9);
  switch (a.kind) {
  case ir::Attribute::Kind::Int:
    s << a.i;
    break;
  case ir::Attribute::Kind::Float:
    s << a.f;
    break;
  case ir::Attribute::Kind::String:
    s << '"' << a.s << '"';
    break;
  case ir::Attribute::Kind::Ints:
    s << ir::shapeString(a.ints);
    break;
  case ir::Attribute::Kind::Floats:
    s << '[';
    for (size_t i = 0; i < a.floats.size(); ++i)
      s << (i ? "," : "") << a.floats[i];
    s << ']';
    break;
  case ir::Attribute::Kind::Tensor:
    s << "tensor" << ir::shapeString(a.t.shape);
    break;
  }
  return s.str();
}

const char *compareText(ir::Compare::Kind k) {
  switch (k) {
  case ir::Compare::Kind::Ge:
    return ">=";
  case ir::Compare::Kind::Le:
    return "<=";
  case ir::Compare::Kind::Zero:
    return "never";
  case ir::Compare::Kind::One:
    return "always";
  }
  return "?";
}

void printCompares(std::ostream &s, const std::vector<ir::Compare> &cmp) {
  for (size_t i = 0; i < cmp.size(); ++i) {
    s << (i % 8 ? " " : i ? "\n    " : "    ") << compareText(cmp[i].kind);
    if (cmp[i].kind == ir::Compare::Kind::Ge || cmp[i].kind == ir::Compare::Kind::Le)
      s << cmp[i].t;
  }
  s << "\n";
}

void printGeometry(std::ostream &s, const ir::ConvGeometry &g) {
  s << "  conv " << g.cin << "x" << g.ih << "x" << g.iw << " -> " << g.cout << "x" << g.oh << "x"
    << g.ow << " kernel " << g.kh << "x" << g.kw << " stride " << g.sh << "x" << g.sw
    << " dilation " << g.dh << "x" << g.dw << " pads " << g.pad_top << "," << g.pad_left << ","
    << g.pad_bottom << "," << g.pad_right << "\n";
}

void printLayer(std::ostream &s, size_t i, const ir::Layer &l) {
  s << "layer " << i << " '" << l.name << "' (" << l.source_op << ")"
    << (l.bit_serial_input ? " bit-serial input" : "") << "\n";
  printGeometry(s, l.geom);
  int64_t k = l.geom.fanIn();
  // One line of digits per weight row: "w3" for a binary layer, "w3.1" for plane 1 of neuron 3.
  for (int64_t r = 0; r < l.weightRows(); ++r) {
    s << "  w" << r % l.geom.cout;
    if (l.weight_bits > 1)
      s << "." << r / l.geom.cout;
    s << " ";
    for (int64_t j = 0; j < k; ++j)
      s << (l.weights[size_t(r * k + j)] ? '+' : '-');
    s << "\n";
  }
  if (!l.weight_offset.empty()) {
    s << "  weight offsets";
    for (int64_t e : l.weight_offset)
      s << " " << e;
    s << "\n";
  }
  if (l.output == ir::Layer::Output::Threshold && l.output_bits > 1) {
    s << "  levels " << l.output_bits << " bits, values " << l.output_lo << " + " << l.output_step
      << " * q\n";
    printCompares(s, l.levels);
  } else if (l.output == ir::Layer::Output::Threshold) {
    s << "  threshold\n";
    printCompares(s, l.threshold);
  } else {
    s << "  affine";
    for (size_t c = 0; c < l.scale.size(); ++c)
      s << " " << l.scale[c] << "*pre" << (l.offset[c] < 0 ? "" : "+") << l.offset[c];
    s << "\n";
  }
  if (l.pool.enabled) {
    const ir::Pooling &p = l.pool;
    s << "  maxpool " << p.kh << "x" << p.kw << " stride " << p.sh << "x" << p.sw << " dilation "
      << p.dh << "x" << p.dw << " pads " << p.pad_top << "," << p.pad_left << "," << p.pad_bottom
      << "," << p.pad_right << " -> " << p.oh << "x" << p.ow << " modes ";
    for (uint8_t m : p.use_or)
      s << (m ? "|" : "&");
    s << "\n";
  }
}

} // namespace

std::string printGraph(const ir::Graph &graph) {
  std::ostringstream s;
  s << "graph '" << graph.name << "' opset " << graph.opset << "\n";
  for (const ir::Value &in : graph.inputs)
    s << "input " << in.name << " " << ir::shapeString(in.shape) << "\n";
  for (const auto &[name, t] : graph.constants)
    s << "const " << name << " " << ir::shapeString(t.shape) << "\n";
  for (const ir::Node &node : graph.nodes) {
    s << "#" << node.index << " '" << node.name << "' ";
    for (size_t i = 0; i < node.outputs.size(); ++i)
      s << (i ? ", " : "") << node.outputs[i];
    s << " = " << (node.domain.empty() ? "" : node.domain + "::") << node.op;
    if (!node.attrs.empty()) {
      s << "[";
      bool first = true;
      for (const auto &[key, a] : node.attrs) {
        s << (first ? "" : ", ") << key << "=" << attrText(a);
        first = false;
      }
      s << "]";
    }
    s << "(";
    for (size_t i = 0; i < node.inputs.size(); ++i)
      s << (i ? ", " : "") << node.inputs[i];
    s << ")\n";
  }
  for (const ir::Value &out : graph.outputs)
    s << "output " << out.name << " " << ir::shapeString(out.shape) << "\n";
  return s.str();
}

std::string printProgram(const ir::Program &p) {
  std::ostringstream s;
  s.precision(9);
  s << "program '" << p.model_name << "'\n";
  if (p.input.kind == ir::InputStage::Kind::BitSerial) {
    s << "input bit-serial " << ir::shapeString(p.input.shape) << " bits " << p.input.bits
      << " range " << p.input.lo << "," << p.input.hi << "\n";
    for (int64_t g = 0; g < p.input.level_groups; ++g) {
      auto first = p.input.levels.begin() + g * p.input.level_count;
      s << "  levels of group " << g << "\n";
      printCompares(s, std::vector<ir::Compare>(first, first + p.input.level_count));
    }
  } else {
    s << "input comparator " << ir::shapeString(p.input.shape) << "\n";
    printCompares(s, p.input.compare);
  }
  for (size_t i = 0; i < p.layers.size(); ++i)
    printLayer(s, i, p.layers[i]);
  static const char *finals[] = {"none", "Softmax", "LogSoftmax", "ArgMax"};
  s << "final " << finals[int(p.final)] << "\n";
  s << "output " << ir::shapeString(p.output_shape) << "\n";
  for (const std::string &note : p.notes)
    s << "note: " << note << "\n";
  return s.str();
}

} // namespace bnnc::passes
