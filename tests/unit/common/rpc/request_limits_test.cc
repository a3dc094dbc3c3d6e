// Limits on requests' string fields: each error names the field.
#include "common/rpc/request_limits.h"

#include <string>

#include "gtest/gtest.h"

namespace fazhi::rpc {
namespace {

TEST(RequestLimitsTest, SourceAndHintAreBoundedAndNamed) {
  fazhi::v1::Document d;
  d.set_source("reports/青石街道.txt");
  d.set_region_hint("330102");
  EXPECT_TRUE(ValidateDocumentFields(d, "document").ok());

  d.set_source(std::string(kMaxSourceBytes + 1, 's'));
  absl::Status s = ValidateDocumentFields(d, "document");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("document.source is 2049 bytes long"), std::string::npos) << s;

  // Bytes a client library may send in a string field all the same.
  d.set_source("bad\xFF name");
  s = ValidateDocumentFields(d, "document");
  EXPECT_NE(s.message().find("document.source is not valid UTF-8 (byte 3)"), std::string::npos)
      << s;

  d.set_source("ok.txt");
  for (const char* hint : {"3", "33x", "3301021", "33010200401", "330102\xE4"}) {
    SCOPED_TRACE(hint);
    d.set_region_hint(hint);
    s = ValidateDocumentFields(d, "document");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find("document.region_hint"), std::string::npos) << s;
  }
  for (const char* hint : {"", "33", "3301", "330100", "330102", "330102004"}) {
    d.set_region_hint(hint);
    EXPECT_TRUE(ValidateDocumentFields(d, "document").ok()) << hint;
  }
}

}  // namespace
}  // namespace fazhi::rpc
