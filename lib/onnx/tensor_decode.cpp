// TensorProto -> ir::Tensor. ONNX stores an initializer's elements in raw_data (little-endian
// bytes), in a typed repeated field (float_data, double_data, int64_data, or int32_data for
// INT32, INT8, UINT8, BOOL and the FLOAT16 bit patterns) or in an external file.
#include "import_internal.h"

#include "bnnc/ir/interpreter.h"
#include "bnnc/support/text.h"

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace bnnc::onnx::detail {

void failAt(const TensorSite &site, const std::string &message) {
  throw Error(site.place + ": error: " + message);
}

namespace {

using ir::DType;

// "FLOAT", "STRING", ... as ONNX names them; "code N" for values newer than this onnx release.
std::string typeName(int32_t t) {
  std::string name = pb::TensorProto_DataType_IsValid(t)
                         ? pb::TensorProto_DataType_Name(pb::TensorProto_DataType(t))
                         : "";
  return name.empty() ? "code " + std::to_string(t) : name;
}

// Bytes per element in raw_data.
// Only called for the types elementType accepts.
size_t elementBytes(int32_t t) {
  switch (t) {
  case pb::TensorProto::INT8:
  case pb::TensorProto::UINT8:
  case pb::TensorProto::BOOL:
    return 1;
  case pb::TensorProto::FLOAT16:
    return 2;
  case pb::TensorProto::FLOAT:
  case pb::TensorProto::INT32:
    return 4;
  default:
    return 8; // INT64, DOUBLE
  }
}

// IEEE half -> float: sign, 5-bit exponent (bias 15), 10-bit mantissa. Subnormals are
// mantissa * 2^-24; normals (1 + m / 1024) * 2^(e - 15); e = 31 is inf or NaN. Every half
// value is exact in float32.
double halfToDouble(uint16_t h) {
  int sign = h >> 15, e = (h >> 10) & 31, m = h & 1023;
  double v = e == 0    ? std::ldexp(double(m), -24)
             : e == 31 ? (m ? NAN : INFINITY)
                       : std::ldexp(double(m + 1024), e - 25);
  return sign ? -v : v;
}

// n little-endian bytes as an unsigned integer (the file format's byte order, whatever the
// host's).
uint64_t readLE(const uint8_t *p, size_t n) {
  uint64_t v = 0;
  for (size_t i = n; i-- > 0;)
    v = (v << 8) | p[i];
  return v;
}

// One raw_data element of a floating type, rounded to float32 (FLOAT16 is exact in float32).
float rawFloat(const uint8_t *p, int32_t t) {
  switch (t) {
  case pb::TensorProto::FLOAT:
    return std::bit_cast<float>(uint32_t(readLE(p, 4)));
  case pb::TensorProto::DOUBLE:
    return float(std::bit_cast<double>(readLE(p, 8)));
  default:
    return float(halfToDouble(uint16_t(readLE(p, 2)))); // FLOAT16
  }
}

// One raw_data element of an integer type, exact.
int64_t rawInt(const uint8_t *p, int32_t t) {
  switch (t) {
  case pb::TensorProto::INT8:
    return int8_t(p[0]);
  case pb::TensorProto::UINT8:
    return p[0];
  case pb::TensorProto::INT32:
    return int32_t(uint32_t(readLE(p, 4)));
  default:
    return int64_t(readLE(p, 8)); // INT64
  }
}

// raw_data (or external bytes): exactly n elements of the type's size, else an error naming
// the tensor with both byte counts. FLOAT goes straight into the float32 storage.
ir::Elements decodeRaw(const std::string &bytes, int32_t t, int64_t n, const TensorSite &site,
                       const std::string &what) {
  size_t size = elementBytes(t);
  if (bytes.size() != size * size_t(n))
    failAt(site, what + " has " + std::to_string(bytes.size()) + " bytes, expected " +
                     std::to_string(size * size_t(n)) + " for " + std::to_string(n) + " " +
                     typeName(t) + " elements");
  ir::Elements out(elementType(t, site), size_t(n));
  auto p = reinterpret_cast<const uint8_t *>(bytes.data());
  if (t == pb::TensorProto::FLOAT && std::endian::native == std::endian::little)
    std::memcpy(out.as<float>(), p, bytes.size());
  else if (out.dtype() == DType::Float)
    for (int64_t i = 0; i < n; ++i)
      out.as<float>()[i] = rawFloat(p + i * size, t);
  else if (out.dtype() == DType::Int64)
    for (int64_t i = 0; i < n; ++i)
      out.as<int64_t>()[i] = rawInt(p + i * size, t);
  else
    for (int64_t i = 0; i < n; ++i)
      out.as<uint8_t>()[i] = p[i] != 0; // BOOL
  return out;
}

// A typed field: INT8/UINT8/BOOL/INT32 values and FLOAT16 bit patterns share int32_data.
// Exporters that do not use raw_data (onnx.helper.make_tensor, older PyTorch for small
// tensors) fill the typed field of the type's storage class.
ir::Elements typedElements(const pb::TensorProto &proto) {
  const auto &ints = proto.int32_data();
  switch (proto.data_type()) {
  case pb::TensorProto::FLOAT:
    return ir::Elements(std::vector<float>(proto.float_data().begin(), proto.float_data().end()));
  case pb::TensorProto::DOUBLE:
    return ir::Elements(
        DType::Float, std::vector<double>(proto.double_data().begin(), proto.double_data().end()));
  case pb::TensorProto::INT64:
    return ir::Elements(std::vector<int64_t>(proto.int64_data().begin(), proto.int64_data().end()));
  case pb::TensorProto::FLOAT16: {
    std::vector<float> v;
    for (int32_t h : ints)
      v.push_back(float(halfToDouble(uint16_t(h))));
    return ir::Elements(std::move(v));
  }
  case pb::TensorProto::BOOL: {
    std::vector<uint8_t> v;
    for (int32_t b : ints)
      v.push_back(b != 0);
    return ir::Elements(std::move(v));
  }
  default:
    return ir::Elements(std::vector<int64_t>(ints.begin(), ints.end()));
  }
}

// The typed field's elements: exactly n, else an error naming the field.
ir::Elements decodeTyped(const pb::TensorProto &proto, int64_t n, const TensorSite &site) {
  ir::Elements out = typedElements(proto);
  int32_t t = proto.data_type();
  const char *field = t == pb::TensorProto::FLOAT    ? "float_data"
                      : t == pb::TensorProto::DOUBLE ? "double_data"
                      : t == pb::TensorProto::INT64  ? "int64_data"
                                                     : "int32_data";
  if (int64_t(out.size()) != n)
    failAt(site, std::string(field) + " has " + std::to_string(out.size()) + " values, expected " +
                     std::to_string(n));
  return out;
}

// External data: the bytes [offset, offset + length) of `location`, a path relative to the
// model's directory that must stay inside it.
// A missing length means "to the end of the file"; the checksum key is ignored.
std::string readExternal(const pb::TensorProto &proto, const TensorSite &site, int64_t expected) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const pb::StringStringEntryProto &e : proto.external_data()) {
    // Keys and values are quoted in messages, and the location is a path: printable only.
    if (!isPrintableUtf8(e.key()) || !isPrintableUtf8(e.value()))
      failAt(site, "external data entry " + quoteForMessage(e.key()) + ": " +
                       quoteForMessage(e.value()) + " is not printable UTF-8");
    try {
      if (e.key() == "location")
        location = e.value();
      else if (e.key() == "offset")
        offset = std::stoll(e.value());
      else if (e.key() == "length")
        length = std::stoll(e.value());
    } catch (const std::exception &) {
      failAt(site, "external data " + e.key() + " '" + e.value() + "' is not a number");
    }
  }
  std::filesystem::path rel(location);
  if (location.empty() || rel.is_absolute())
    failAt(site, "external data location '" + location +
                     "' must be a path relative to the model's directory");
  for (const auto &part : rel)
    if (part == "..")
      failAt(site, "external data location '" + location + "' leaves the model's directory");
  std::string file = (std::filesystem::path(site.model_dir) / rel).string();
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in)
    failAt(site, "cannot open external data file '" + file + "': " + std::strerror(errno));
  int64_t size = int64_t(in.tellg());
  if (length < 0)
    length = size - offset;
  if (offset < 0 || length < 0 || offset > size || length > size - offset)
    failAt(site, "external data offset " + std::to_string(offset) + " and length " +
                     std::to_string(length) + " exceed the " + std::to_string(size) +
                     " bytes of file '" + file + "'");
  // Checked before reading, so that a wrong length never allocates more than the dims allow.
  if (length != expected)
    failAt(site, "external data has " + std::to_string(length) + " bytes, expected " +
                     std::to_string(expected));
  std::string bytes(size_t(length), '\0');
  in.seekg(offset);
  if (!in.read(bytes.data(), length))
    failAt(site, "cannot read external data file '" + file + "'");
  return bytes;
}

} // namespace

// The element types bnnc reads and the IR dtype that holds them. DOUBLE is rounded to float32
// (the IR computes in float32, as the exporters' runtimes do for these models).
ir::DType elementType(int32_t t, const TensorSite &site) {
  switch (t) {
  case pb::TensorProto::FLOAT:
  case pb::TensorProto::DOUBLE:
  case pb::TensorProto::FLOAT16:
    return DType::Float;
  case pb::TensorProto::INT8:
  case pb::TensorProto::UINT8:
  case pb::TensorProto::INT32:
  case pb::TensorProto::INT64:
    return DType::Int64;
  case pb::TensorProto::BOOL:
    return DType::Bool;
  default:
    failAt(site, "data type " + typeName(t) + " is not supported");
  }
}

// Checks the shape and its size before touching the data, then reads whichever storage the
// tensor uses: external file, raw_data, or the typed field.
ir::Tensor decodeTensor(const pb::TensorProto &proto, const TensorSite &site) {
  elementType(proto.data_type(), site); // refuses the types bnnc does not read
  ir::Shape shape(proto.dims().begin(), proto.dims().end());
  for (int64_t d : shape)
    if (d < 0)
      failAt(site, "negative dimension in shape " + ir::shapeString(shape));
  int64_t n = ir::numel(shape);
  if (n > ir::kMaxTensorElements)
    failAt(site, "shape " + ir::shapeString(shape) + " has more than " +
                     std::to_string(ir::kMaxTensorElements) + " elements");
  if (proto.has_segment())
    failAt(site, "segmented tensors are not supported");
  ir::Elements data;
  if (proto.data_location() == pb::TensorProto::EXTERNAL)
    data = decodeRaw(readExternal(proto, site, n * int64_t(elementBytes(proto.data_type()))),
                     proto.data_type(), n, site, "external data");
  else if (proto.has_raw_data())
    data = decodeRaw(proto.raw_data(), proto.data_type(), n, site, "raw_data");
  else
    data = decodeTyped(proto, n, site);
  return ir::Tensor(std::move(shape), std::move(data));
}

} // namespace bnnc::onnx::detail
