// Strict reading of users' JSON files (architecture, device model, technology, sweep
// description): whatever the bytes, an error is one line naming the file and the place.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace bnnc {

// Ordered, so that keys are checked in the order the file gives them.
using InputJson = nlohmann::ordered_json;

// Parses `text`, read from `source`, which must hold one JSON object. Errors (bnnc::Error):
//   "f.json: line 2, column 5: error: syntax error ..."              malformed JSON
//   "f.json: error: number overflow parsing '1e400'"                  a number beyond double
//   "f.json: /a/0/b: error: duplicate key"                            a key given twice, any depth
//   "f.json: top level: error: must be a JSON object, got an array"
// Nesting depth is not limited: nlohmann's parser and destructor do not recurse.
InputJson parseJsonObject(const std::string &text, const std::string &source);

// "/lrs" + "median_ohm" -> "/lrs/median_ohm" (RFC 6901: '~' and '/' escaped as "~0", "~1");
// "/grid" + 1 -> "/grid/1".
std::string childPointer(const std::string &pointer, const std::string &key);
std::string childPointer(const std::string &pointer, size_t index);

// How a message names the place of a pointer: "top level" for the document itself, else the
// pointer, quoted with escapes when a key holds control characters or bytes that are not UTF-8
// (so that the message stays one line).
std::string pointerPlace(const std::string &pointer);

// The member `key` of the object `object` at `pointer`; a missing one is
// "f.json: /compare_fj: error: missing key \"source\"".
const InputJson &requiredMember(const InputJson &object, const char *key, const std::string &source,
                                const std::string &pointer);
// A constant written with its source, as the data files write every constant:
// {"value": number >= 0, "source": non-empty string}, nothing else. Errors name the pointer:
//   "f.json: /a/value: error: must be a non-negative number, got -1"
//   "f.json: /a/source: error: must be a non-empty string, got \"\""
//   "f.json: /a/unit: error: unknown key (known: value, source)"
//   "f.json: /a: error: must be an object with \"value\" and \"source\", got 200"
double readSourcedConstant(const InputJson &v, const std::string &source,
                           const std::string &pointer);

// A value as messages show it: scalars as JSON text cut at 40 characters, arrays and objects by
// their type only ("an array"), which keeps messages short and never recurses into deep nesting.
std::string describeJson(const InputJson &v);

} // namespace bnnc
