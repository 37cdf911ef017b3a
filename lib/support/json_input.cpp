// Strict JSON parsing shared by every JSON input file.
#include "bnnc/support/json_input.h"
#include "bnnc/support/error.h"
#include "bnnc/support/text.h"

#include <set>
#include <vector>

namespace bnnc {

namespace {

using json = InputJson;

// nlohmann's texts: "[json.exception.parse_error.101] parse error at line 2, column 5: syntax
// error ..." -> "line 2, column 5: error: syntax error ..."; texts without a position
// ("[json.exception.out_of_range.406] number overflow parsing '1e400'") lose their tag:
// "error: number overflow parsing '1e400'".
std::string parserErrorText(const std::string &what) {
  size_t at = what.find("at line ");
  size_t colon = at == std::string::npos ? at : what.find(": ", at);
  if (colon != std::string::npos)
    return what.substr(at + 3, colon - at - 3) + ": error: " + what.substr(colon + 2);
  size_t tag = what.find("] ");
  return "error: " + (tag == std::string::npos ? what : what.substr(tag + 2));
}

// One open object or array while parsing, to name the place of a duplicate key.
struct Frame {
  bool array = false;
  size_t index = 0; // array: index of the current element
  std::string key;  // object: the current key
  std::set<std::string> keys;
};

std::string framesPointer(const std::vector<Frame> &frames) {
  std::string p;
  for (const Frame &f : frames)
    p = f.array ? childPointer(p, f.index) : childPointer(p, f.key);
  return p;
}

} // namespace

InputJson parseJsonObject(const std::string &text, const std::string &source) {
  std::vector<Frame> frames;
  auto next = [&frames] { // an element ends: the enclosing array moves to its next index
    if (!frames.empty() && frames.back().array)
      ++frames.back().index;
  };
  // nlohmann keeps the last of two equal keys silently; the callback rejects the second.
  json::parser_callback_t onEvent = [&](int, json::parse_event_t event, json &parsed) {
    using E = json::parse_event_t;
    if (event == E::object_start || event == E::array_start) {
      frames.push_back(Frame{event == E::array_start, 0, "", {}});
    } else if (event == E::key) {
      Frame &f = frames.back();
      f.key = parsed.get<std::string>();
      if (!f.keys.insert(f.key).second)
        throw Error(source + ": " + pointerPlace(framesPointer(frames)) + ": error: duplicate key");
    } else if (event == E::object_end || event == E::array_end) {
      frames.pop_back();
      next();
    } else {
      next();
    }
    return true;
  };
  json doc;
  try {
    doc = json::parse(text, onEvent);
  } catch (const json::exception &e) {
    throw Error(source + ": " + parserErrorText(e.what()));
  }
  if (!doc.is_object())
    throw Error(source + ": top level: error: must be a JSON object, got " + describeJson(doc));
  return doc;
}

std::string childPointer(const std::string &pointer, const std::string &key) {
  return pointer + (json::json_pointer() / key).to_string();
}

std::string childPointer(const std::string &pointer, size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string pointerPlace(const std::string &pointer) {
  if (pointer.empty())
    return "top level";
  return isPrintableUtf8(pointer) ? pointer : quoteForMessage(pointer);
}

const InputJson &requiredMember(const InputJson &object, const char *key, const std::string &source,
                                const std::string &pointer) {
  auto it = object.find(key);
  if (it == object.end())
    throw Error(source + ": " + pointerPlace(pointer) + ": error: missing key \"" + key + "\"");
  return *it;
}

double readSourcedConstant(const InputJson &v, const std::string &source,
                           const std::string &pointer) {
  auto fail = [&](const std::string &at, const std::string &message) {
    throw Error(source + ": " + pointerPlace(at) + ": error: " + message);
  };
  if (!v.is_object())
    fail(pointer, "must be an object with \"value\" and \"source\", got " + describeJson(v));
  for (const auto &[key, item] : v.items()) {
    if (key == "value") {
      // The negated comparison also rejects NaN; JSON numbers are finite (overflow is a parse
      // error), so no infinity can reach here.
      if (!item.is_number() || !(item.get<double>() >= 0))
        fail(childPointer(pointer, key),
             "must be a non-negative number, got " + describeJson(item));
    } else if (key == "source") {
      if (!item.is_string() || item.get<std::string>().empty())
        fail(childPointer(pointer, key), "must be a non-empty string, got " + describeJson(item));
    } else {
      fail(childPointer(pointer, key), "unknown key (known: value, source)");
    }
  }
  requiredMember(v, "source", source, pointer);
  return requiredMember(v, "value", source, pointer).get<double>();
}

std::string describeJson(const InputJson &v) {
  if (v.is_structured())
    return std::string("an ") + v.type_name();
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() <= 40)
    return text;
  size_t cut = 40;
  while ((text[cut] & 0xC0) == 0x80) // not inside a UTF-8 sequence
    --cut;
  return text.substr(0, cut) + "...";
}

} // namespace bnnc
