#include "common/base/proto_json.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/stubs/strutil.h"
#include "google/protobuf/util/json_util.h"

namespace fazhi {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Code points protobuf's printer writes as \u escapes (besides the ASCII
// controls): invisible and formatting characters, and < > for HTML.
bool Escaped(char32_t cp) {
  return cp < 0x20 || cp == '"' || cp == '\\' || cp == '<' || cp == '>' ||
         (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || (cp >= 0x600 && cp <= 0x603) || cp == 0x6DD ||
         cp == 0x70F || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
         (cp >= 0x1D173 && cp <= 0x1D17A) || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
}

void AppendHex4(uint32_t unit, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buffer[6] = {
      '\\',           'u', kHex[(unit >> 12) & 15], kHex[(unit >> 8) & 15], kHex[(unit >> 4) & 15],
      kHex[unit & 15]};
  out->append(buffer, 6);
}

// Appends `s` quoted; false when it is not valid UTF-8.
bool AppendString(absl::string_view s, std::string* out) {
  out->push_back('"');
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  while (i < s.size()) {
    // Runs that need no escape are copied at once.
    // ... and so are Chinese characters (U+3000-U+9FFF, led by E3-E9): none
    // is escaped.
    size_t run = i;
    while (run < s.size()) {
      unsigned char c = b[run];
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '<' && c != '>') {
        ++run;
      } else if (c >= 0xE3 && c <= 0xE9 && run + 2 < s.size() && (b[run + 1] & 0xC0) == 0x80 &&
                 (b[run + 2] & 0xC0) == 0x80) {
        run += 3;
      } else {
        break;
      }
    }
    out->append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    unsigned char c = b[i];
    char32_t cp;
    size_t len;
    if (c < 0x80) {
      cp = c, len = 1;
    } else if (c >= 0xC2 && c <= 0xDF && i + 1 < s.size() && (b[i + 1] & 0xC0) == 0x80) {
      cp = ((c & 0x1F) << 6) | (b[i + 1] & 0x3F), len = 2;
    } else if (c >= 0xE0 && c <= 0xEF && i + 2 < s.size() && (b[i + 1] & 0xC0) == 0x80 &&
               (b[i + 2] & 0xC0) == 0x80) {
      cp = ((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F), len = 3;
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    } else if (c >= 0xF0 && c <= 0xF4 && i + 3 < s.size() && (b[i + 1] & 0xC0) == 0x80 &&
               (b[i + 2] & 0xC0) == 0x80 && (b[i + 3] & 0xC0) == 0x80) {
      cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) |
           (b[i + 3] & 0x3F);
      len = 4;
      if (cp < 0x10000 || cp > 0x10FFFF) return false;
    } else {
      return false;
    }
    if (!Escaped(cp)) {
      out->append(s.data() + i, len);
    } else if (cp == '"' || cp == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(cp));
    } else if (cp == '\b' || cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r') {
      out->push_back('\\');
      out->push_back(cp == '\b'   ? 'b'
                     : cp == '\t' ? 't'
                     : cp == '\n' ? 'n'
                     : cp == '\f' ? 'f'
                                  : 'r');
    } else if (cp < 0x10000) {
      AppendHex4(cp, out);
    } else {
      uint32_t v = cp - 0x10000;
      AppendHex4(0xD800 + (v >> 10), out);
      AppendHex4(0xDC00 + (v & 0x3FF), out);
    }
    i += len;
  }
  out->push_back('"');
  return true;
}

void AppendDouble(double v, std::string* out) {
  if (std::isnan(v)) {
    out->append("\"NaN\"");
  } else if (std::isinf(v)) {
    out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  } else if (v == std::floor(v) && std::fabs(v) < 1e15 && !(v == 0 && std::signbit(v))) {
    // Whole numbers (most counts) print as their digits, which is what
    // SimpleDtoa's "%.15g" gives them, without its formatting round trip.
    absl::StrAppend(out, static_cast<int64_t>(v));
  } else {
    out->append(google::protobuf::SimpleDtoa(v));
  }
}

void AppendFloat(float v, std::string* out) {
  if (std::isnan(v)) {
    out->append("\"NaN\"");
  } else if (std::isinf(v)) {
    out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  } else {
    out->append(google::protobuf::SimpleFtoa(v));
  }
}

bool AppendMessage(const Message& message, std::string* out);

// The order protobuf's printer writes a message's fields in: the fields it
// always prints (and message fields) in number order, then the set scalars
// that track presence (proto3 `optional`), also in number order. Worked out
// once per message type and thread.
const std::vector<const FieldDescriptor*>& PrintOrder(const Descriptor* d) {
  thread_local absl::flat_hash_map<const Descriptor*, std::vector<const FieldDescriptor*>> cache;
  auto [it, inserted] = cache.try_emplace(d);
  if (!inserted) return it->second;
  auto late = [](const FieldDescriptor* f) {
    return !f->is_repeated() && f->has_presence() &&
           f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE;
  };
  std::vector<const FieldDescriptor*>& fields = it->second;
  for (int i = 0; i < d->field_count(); ++i) fields.push_back(d->field(i));
  std::sort(fields.begin(), fields.end(), [&](const FieldDescriptor* a, const FieldDescriptor* b) {
    if (late(a) != late(b)) return late(b);
    return a->number() < b->number();
  });
  return fields;
}

// One value of `field` (element `index` when repeated, else -1).
bool AppendValue(const Message& m, const FieldDescriptor* field, int index, std::string* out) {
  const Reflection* r = m.GetReflection();
  bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(out, repeated ? r->GetRepeatedInt32(m, field, index) : r->GetInt32(m, field));
      return true;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(out,
                      repeated ? r->GetRepeatedUInt32(m, field, index) : r->GetUInt32(m, field));
      return true;
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(
          out, "\"", repeated ? r->GetRepeatedInt64(m, field, index) : r->GetInt64(m, field), "\"");
      return true;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(out, "\"",
                      repeated ? r->GetRepeatedUInt64(m, field, index) : r->GetUInt64(m, field),
                      "\"");
      return true;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      AppendDouble(repeated ? r->GetRepeatedDouble(m, field, index) : r->GetDouble(m, field), out);
      return true;
    case FieldDescriptor::CPPTYPE_FLOAT:
      AppendFloat(repeated ? r->GetRepeatedFloat(m, field, index) : r->GetFloat(m, field), out);
      return true;
    case FieldDescriptor::CPPTYPE_BOOL:
      out->append((repeated ? r->GetRepeatedBool(m, field, index) : r->GetBool(m, field))
                      ? "true"
                      : "false");
      return true;
    case FieldDescriptor::CPPTYPE_ENUM: {
      int number = repeated ? r->GetRepeatedEnumValue(m, field, index) : r->GetEnumValue(m, field);
      const auto* value = field->enum_type()->FindValueByNumber(number);
      if (value != nullptr) return AppendString(value->name(), out);
      absl::StrAppend(out, number);
      return true;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& s = repeated ? r->GetRepeatedStringReference(m, field, index, &scratch)
                                      : r->GetStringReference(m, field, &scratch);
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        absl::StrAppend(out, "\"", absl::Base64Escape(s), "\"");
        return true;
      }
      return AppendString(s, out);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return AppendMessage(
          repeated ? r->GetRepeatedMessage(m, field, index) : r->GetMessage(m, field), out);
  }
  return false;
}

bool AppendMessage(const Message& m, std::string* out) {
  const Descriptor* d = m.GetDescriptor();
  // Well-known types have their own JSON forms; maps are objects.
  if (d->file()->package() == "google.protobuf") return false;
  if (d->real_oneof_decl_count() > 0) return false;
  const std::vector<const FieldDescriptor*>& fields = PrintOrder(d);
  const Reflection* r = m.GetReflection();
  out->push_back('{');
  bool first = true;
  for (const FieldDescriptor* field : fields) {
    if (field->is_map()) return false;
    bool present = field->is_repeated() || (field->has_presence() ? r->HasField(m, field) : true);
    if (!present) continue;
    if (!first) out->push_back(',');
    first = false;
    if (!AppendString(field->name(), out)) return false;
    out->push_back(':');
    if (field->is_repeated()) {
      out->push_back('[');
      int size = r->FieldSize(m, field);
      for (int k = 0; k < size; ++k) {
        if (k > 0) out->push_back(',');
        if (!AppendValue(m, field, k, out)) return false;
      }
      out->push_back(']');
    } else if (!AppendValue(m, field, -1, out)) {
      return false;
    }
  }
  out->push_back('}');
  return true;
}

}  // namespace

std::string ProtoToJson(const google::protobuf::Message& message) {
  std::string json;
  if (AppendMessage(message, &json)) return json;
  json.clear();
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) return "{}";
  return json;
}

}  // namespace fazhi
