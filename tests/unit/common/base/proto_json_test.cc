#include "common/base/proto_json.h"

#include <cmath>
#include <limits>
#include <string>

#include "common/engine/engine.h"
#include "fazhi/v1/aggregate.pb.h"
#include "fazhi/v1/report.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// What protobuf's own printer writes with the same options: the contract.
std::string Reference(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json, options).ok());
  return json;
}

void AppendUtf8(char32_t cp, std::string* s) {
  if (cp < 0x80) {
    s->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    s->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    s->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    s->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Sets every field of `m` (two elements for repeated ones, messages two
// levels deep) to a value that depends on `seed`.
void Fill(Message* m, int seed, int depth) {
  const auto* d = m->GetDescriptor();
  const auto* r = m->GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    int count = f->is_repeated() ? 2 : 1;
    for (int k = 0; k < count; ++k) {
      int v = seed * 7 + i * 3 + k;
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          f->is_repeated() ? r->AddInt32(m, f, -v) : r->SetInt32(m, f, -v);
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          f->is_repeated() ? r->AddUInt32(m, f, v) : r->SetUInt32(m, f, v);
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          f->is_repeated() ? r->AddInt64(m, f, -int64_t{v} * 1000000007)
                           : r->SetInt64(m, f, -int64_t{v} * 1000000007);
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          f->is_repeated() ? r->AddUInt64(m, f, ~uint64_t{0} - v)
                           : r->SetUInt64(m, f, ~uint64_t{0} - v);
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE: {
          double x = v % 3 == 0 ? v / 3.0 : v % 3 == 1 ? v * 1e20 : -0.25 * v;
          f->is_repeated() ? r->AddDouble(m, f, x) : r->SetDouble(m, f, x);
          break;
        }
        case FieldDescriptor::CPPTYPE_FLOAT:
          f->is_repeated() ? r->AddFloat(m, f, v / 7.0f) : r->SetFloat(m, f, v / 7.0f);
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          f->is_repeated() ? r->AddBool(m, f, v % 2) : r->SetBool(m, f, v % 2);
          break;
        case FieldDescriptor::CPPTYPE_ENUM: {
          // A named value, or a number the enum does not name.
          int number =
              v % 4 == 3 ? 99 : f->enum_type()->value(v % f->enum_type()->value_count())->number();
          f->is_repeated() ? r->AddEnumValue(m, f, number) : r->SetEnumValue(m, f, number);
          break;
        }
        case FieldDescriptor::CPPTYPE_STRING: {
          std::string s = "法治<b>\"q\"\\ \t" + std::to_string(v);
          f->is_repeated() ? r->AddString(m, f, s) : r->SetString(m, f, s);
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE:
          if (depth < 2)
            Fill(f->is_repeated() ? r->AddMessage(m, f) : r->MutableMessage(m, f), v, depth + 1);
          break;
      }
    }
  }
}

TEST(ProtoJsonTest, SameTextAsProtobufForEveryFieldKind) {
  fazhi::v1::ParsedReport report;
  fazhi::v1::CountyStats stats;
  fazhi::v1::YearComparison comparison;
  fazhi::v1::Rollup rollup;
  for (Message* m : std::initializer_list<Message*>{&report, &stats, &comparison, &rollup}) {
    EXPECT_EQ(ProtoToJson(*m), Reference(*m)) << "empty " << m->GetTypeName();
    Fill(m, 1, 0);
    EXPECT_EQ(ProtoToJson(*m), Reference(*m)) << m->GetTypeName();
  }
}

TEST(ProtoJsonTest, EscapesTheSameCharacters) {
  // Every code point of the first three planes and the tags plane, in
  // chunks (a whole plane in one string is slow for the reference).
  for (char32_t from = 1; from < 0xE0100; from += 0x800) {
    if (from >= 0x30000 && from < 0xE0000) continue;
    std::string s;
    for (char32_t cp = from; cp < from + 0x800; ++cp) {
      if (cp < 0xD800 || cp > 0xDFFF) AppendUtf8(cp, &s);
    }
    fazhi::v1::Document d;
    d.set_source(s);
    ASSERT_EQ(ProtoToJson(d), Reference(d)) << std::hex << from;
  }
}

TEST(ProtoJsonTest, SpecialNumbersAndBytes) {
  fazhi::v1::ParsedReport r;
  for (double v : {std::nan(""), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(), -0.0, 0.0, 1e21, 1.0 / 3, 0.95,
                   12000.0, -7.0, 999999999999999.0, 1e15, 123456789012345678.0}) {
    r.add_indicators()->set_value(v);
  }
  EXPECT_EQ(ProtoToJson(r), Reference(r));
  fazhi::v1::Document d;
  d.set_content(std::string("\x00\xFF\x89PNG", 6));  // bytes: base64
  EXPECT_EQ(ProtoToJson(d), Reference(d));
}

TEST(ProtoJsonTest, StringsThatAreNotUtf8GoToProtobufsPrinter) {
  fazhi::v1::Document d;
  d.set_source("\xD5\xFE.txt");  // a GBK file name
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string reference;
  bool ok = google::protobuf::util::MessageToJsonString(d, &reference, options).ok();
  EXPECT_EQ(ProtoToJson(d), ok ? reference : "{}");
}

TEST(ProtoJsonTest, ExtractedSeedReports) {
  auto extractor = engine::Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  for (const std::string& path : testing::SeedFiles()) {
    fazhi::v1::Document d;
    d.set_source(path);
    d.set_content(testing::ReadFileOrDie(path));
    auto report = (*extractor)->Extract(d, {.include_normalized_text = true});
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(ProtoToJson(*report), Reference(*report)) << path;
  }
}

}  // namespace
}  // namespace fazhi
