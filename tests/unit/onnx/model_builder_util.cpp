#include "unit/onnx/model_builder_util.h"

#include "bnnc/ir/interpreter.h"
#include "bnnc/onnx/importer.h"

#include <cstring>
#include <fstream>
#include <stdexcept>

namespace bnnc::test {

namespace {

pb::AttributeProto named(const std::string &name, pb::AttributeProto::AttributeType type) {
  pb::AttributeProto a;
  a.set_name(name);
  a.set_type(type);
  return a;
}

// Little-endian bytes of the values, as raw_data stores them.
template <class T> std::string rawBytes(const std::vector<T> &values) {
  std::string out;
  for (T v : values) {
    unsigned char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T)); // the test host is little-endian (x86-64)
    out.append(reinterpret_cast<const char *>(b), sizeof(T));
  }
  return out;
}

} // namespace

pb::AttributeProto attrI(const std::string &name, int64_t v) {
  pb::AttributeProto a = named(name, pb::AttributeProto::INT);
  a.set_i(v);
  return a;
}

pb::AttributeProto attrF(const std::string &name, float v) {
  pb::AttributeProto a = named(name, pb::AttributeProto::FLOAT);
  a.set_f(v);
  return a;
}

pb::AttributeProto attrS(const std::string &name, const std::string &v) {
  pb::AttributeProto a = named(name, pb::AttributeProto::STRING);
  a.set_s(v);
  return a;
}

pb::AttributeProto attrInts(const std::string &name, const std::vector<int64_t> &v) {
  pb::AttributeProto a = named(name, pb::AttributeProto::INTS);
  for (int64_t x : v)
    a.add_ints(x);
  return a;
}

pb::AttributeProto attrFloats(const std::string &name, const std::vector<float> &v) {
  pb::AttributeProto a = named(name, pb::AttributeProto::FLOATS);
  for (float x : v)
    a.add_floats(x);
  return a;
}

pb::AttributeProto attrT(const std::string &name, const pb::TensorProto &t) {
  pb::AttributeProto a = named(name, pb::AttributeProto::TENSOR);
  *a.mutable_t() = t;
  return a;
}

pb::TensorProto floatTensor(const std::vector<int64_t> &dims, const std::vector<float> &v) {
  pb::TensorProto t;
  t.set_data_type(pb::TensorProto::FLOAT);
  for (int64_t d : dims)
    t.add_dims(d);
  for (float x : v)
    t.add_float_data(x);
  return t;
}

pb::TensorProto int64Tensor(const std::vector<int64_t> &dims, const std::vector<int64_t> &v) {
  pb::TensorProto t;
  t.set_data_type(pb::TensorProto::INT64);
  for (int64_t d : dims)
    t.add_dims(d);
  for (int64_t x : v)
    t.add_int64_data(x);
  return t;
}

ModelBuilder::ModelBuilder(int64_t opset) {
  model_.set_ir_version(8);
  model_.set_producer_name("bnnc-test");
  model_.set_producer_version("1.0");
  model_.mutable_graph()->set_name("test_graph");
  pb::OperatorSetIdProto *op = model_.add_opset_import();
  op->set_domain("");
  op->set_version(opset);
}

ModelBuilder &ModelBuilder::input(const std::string &name, const std::vector<int64_t> &dims,
                                  const std::string &batch_param) {
  pb::ValueInfoProto *v = model_.mutable_graph()->add_input();
  v->set_name(name);
  pb::TypeProto::Tensor *t = v->mutable_type()->mutable_tensor_type();
  t->set_elem_type(pb::TensorProto::FLOAT);
  pb::TensorShapeProto *shape = t->mutable_shape();
  for (size_t i = 0; i < dims.size(); ++i) {
    pb::TensorShapeProto::Dimension *d = shape->add_dim();
    if (i == 0 && !batch_param.empty())
      d->set_dim_param(batch_param);
    else if (dims[i] >= 0)
      d->set_dim_value(dims[i]);
  }
  return *this;
}

ModelBuilder &ModelBuilder::output(const std::string &name) {
  pb::ValueInfoProto *v = model_.mutable_graph()->add_output();
  v->set_name(name);
  v->mutable_type()->mutable_tensor_type()->set_elem_type(pb::TensorProto::FLOAT);
  return *this;
}

pb::TensorProto &ModelBuilder::addTensor(const std::string &name, const std::vector<int64_t> &dims,
                                         int32_t type, const std::string &raw, Storage storage) {
  pb::TensorProto *t = model_.mutable_graph()->add_initializer();
  t->set_name(name);
  t->set_data_type(type);
  for (int64_t d : dims)
    t->add_dims(d);
  if (storage == Storage::Raw)
    t->set_raw_data(raw);
  if (storage == Storage::External) {
    std::string file = name + ".bin";
    std::ofstream(external_dir_ + "/" + file, std::ios::binary) << raw;
    t->set_data_location(pb::TensorProto::EXTERNAL);
    pb::StringStringEntryProto *e = t->add_external_data();
    e->set_key("location");
    e->set_value(file);
  }
  return *t;
}

ModelBuilder &ModelBuilder::initializer(const std::string &name, const std::vector<int64_t> &dims,
                                        const std::vector<float> &values, Storage storage) {
  pb::TensorProto &t = addTensor(name, dims, pb::TensorProto::FLOAT, rawBytes(values), storage);
  if (storage == Storage::Typed)
    for (float v : values)
      t.add_float_data(v);
  return *this;
}

ModelBuilder &ModelBuilder::initializerInt64(const std::string &name,
                                             const std::vector<int64_t> &dims,
                                             const std::vector<int64_t> &values, Storage storage) {
  pb::TensorProto &t = addTensor(name, dims, pb::TensorProto::INT64, rawBytes(values), storage);
  if (storage == Storage::Typed)
    for (int64_t v : values)
      t.add_int64_data(v);
  return *this;
}

ModelBuilder &ModelBuilder::initializerProto(const pb::TensorProto &t) {
  *model_.mutable_graph()->add_initializer() = t;
  return *this;
}

ModelBuilder &ModelBuilder::externalDir(const std::string &dir) {
  external_dir_ = dir;
  return *this;
}

pb::NodeProto &ModelBuilder::node(const std::string &op, const std::vector<std::string> &inputs,
                                  const std::vector<std::string> &outputs,
                                  const std::vector<pb::AttributeProto> &attrs,
                                  const std::string &name, const std::string &domain) {
  pb::NodeProto *n = model_.mutable_graph()->add_node();
  n->set_op_type(op);
  n->set_name(name);
  n->set_domain(domain);
  for (const std::string &i : inputs)
    n->add_input(i);
  for (const std::string &o : outputs)
    n->add_output(o);
  for (const pb::AttributeProto &a : attrs)
    *n->add_attribute() = a;
  bool imported = domain.empty();
  for (const pb::OperatorSetIdProto &op_set : model_.opset_import())
    imported = imported || op_set.domain() == domain;
  if (!imported) {
    pb::OperatorSetIdProto *op_set = model_.add_opset_import();
    op_set->set_domain(domain);
    op_set->set_version(1);
  }
  return *n;
}

std::string ModelBuilder::bytes() const {
  std::string out;
  if (!model_.SerializeToString(&out))
    throw std::runtime_error("cannot serialize the test model");
  return out;
}

ir::Graph ModelBuilder::import(const std::string &path) const {
  Diagnostics diag;
  return import(diag, path);
}

ir::Graph ModelBuilder::import(Diagnostics &diag, const std::string &path) const {
  return onnx::importModelBytes(bytes(), path, diag);
}

std::string ModelBuilder::importError(const std::string &path) const {
  try {
    import(path);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

std::vector<double> runFirstOutput(const ir::Graph &graph, const std::vector<double> &input) {
  const ir::Value &in = graph.inputs.at(0);
  std::map<std::string, ir::Tensor> values =
      ir::runGraph(graph, ir::Tensor(in.dtype, in.shape, input));
  const std::string &name = graph.outputs.at(0).name;
  if (auto it = values.find(name); it != values.end())
    return it->second.data.toDoubles();
  return graph.constants.at(name).data.toDoubles();
}

} // namespace bnnc::test
