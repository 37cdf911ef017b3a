// META: the model's name, producer, notes, final operation and output shape; VERS: the writer.
#include "codec.h"
#include "sections.h"

namespace bnnc::image {

std::vector<uint8_t> encodeMeta(const ir::Program &p) {
  ByteWriter w;
  w.str(p.model_name);
  w.str(p.producer);
  w.u64(p.notes.size());
  for (const std::string &note : p.notes)
    w.str(note);
  w.u8(uint8_t(p.final));
  w.i64(p.final_axis);
  writeShape(w, p.output_shape);
  return w.take();
}

uint64_t decodeMeta(SectionReader &r, ir::Program &p) {
  p.model_name = r.str("the model name");
  p.producer = r.str("the producer");
  // A note is at least its 4-byte length.
  uint64_t notes = r.count("the note count", 4);
  for (uint64_t i = 0; i < notes; ++i)
    p.notes.push_back(r.str("note " + std::to_string(i)));
  uint64_t at = r.offset();
  uint8_t final = r.u8("the final operation");
  if (final > uint8_t(ir::Program::Final::ArgMax))
    r.fail(at, "the final operation is " + std::to_string(final) +
                   ", not one of 0 (none), 1 (Softmax), 2 (LogSoftmax), 3 (ArgMax)");
  p.final = ir::Program::Final(final);
  uint64_t axisAt = r.offset();
  p.final_axis = r.i64("the final axis");
  uint64_t shapeAt = r.offset();
  p.output_shape = readShape(r, "the output shape", int64_t(1) << 40);
  // The axis counts the batch dimension too, so a rank-n sample has axes -(n+1) .. n.
  int64_t rank = int64_t(p.output_shape.size());
  if (p.final != ir::Program::Final::None && (p.final_axis < -(rank + 1) || p.final_axis > rank))
    r.fail(axisAt, "the final axis is " + std::to_string(p.final_axis) + ", not in [" +
                       std::to_string(-(rank + 1)) + ", " + std::to_string(rank) +
                       "] for an output of rank " + std::to_string(rank) + " plus the batch");
  return shapeAt;
}

std::vector<uint8_t> encodeWriter(const std::string &writer) {
  ByteWriter w;
  w.str(writer);
  return w.take();
}

std::string decodeWriter(SectionReader &r) {
  uint64_t at = r.offset();
  std::string writer = r.str("the writer");
  if (writer.empty()) // the writer leaves the section out instead
    r.fail(at, "the writer is empty");
  return writer;
}

} // namespace bnnc::image
