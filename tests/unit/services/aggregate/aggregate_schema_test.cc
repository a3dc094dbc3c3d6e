#include "services/aggregate/aggregate_schema.h"

#include "gtest/gtest.h"
#include "services/aggregate/aggregate_service.h"

namespace fazhi::aggregate {
namespace {

TEST(AggregateSchemaTest, IndexKeysRoundTripAndSortByCountyYear) {
  std::string key = IndexKey("330102", 2024, "小营街道", "abc123");
  EXPECT_EQ(key.rfind(IndexPrefix("330102", 2024), 0), 0u);
  EXPECT_EQ(key.rfind(IndexPrefix("330102", 0), 0), 0u);
  IndexEntry entry;
  ASSERT_TRUE(ParseIndexKey(key, &entry));
  EXPECT_EQ(entry.county, "330102");
  EXPECT_EQ(entry.year, 2024);
  EXPECT_EQ(entry.township_key, "小营街道");
  EXPECT_EQ(entry.report_id, "abc123");
  EXPECT_FALSE(ParseIndexKey("r/abc", &entry));
  EXPECT_LT(IndexKey("330102", 2023, "z", "1"), IndexKey("330102", 2024, "a", "1"));
}

TEST(AggregateSchemaTest, SequencesSortAsBytes) {
  EXPECT_EQ(DecodeSequence(EncodeSequence(0x0102030405060708ULL)), 0x0102030405060708ULL);
  EXPECT_LT(EncodeSequence(255), EncodeSequence(256));
}

TEST(AggregateSchemaTest, FilingKeys) {
  fazhi::v1::ParsedReport r;
  r.set_report_id("id1");
  EXPECT_EQ(CountyOf(r), kUnresolvedCounty);
  r.mutable_region()->set_county_code("220184");
  EXPECT_EQ(CountyOf(r), "220184");
  EXPECT_EQ(TownshipKeyOf(r), "?id1");
  r.mutable_entity()->set_name("东三/街道");
  EXPECT_EQ(TownshipKeyOf(r), "东三_街道");
  r.mutable_region()->set_township_code("220184003");
  EXPECT_EQ(TownshipKeyOf(r), "220184003");
}

TEST(ValidateCountyCodeTest, Table) {
  EXPECT_TRUE(ValidateCountyCode("330102").ok());
  EXPECT_TRUE(ValidateCountyCode("120117").ok());
  for (const char* bad : {"", "33010", "3301022", "33a102", "990101", "330000"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(ValidateCountyCode(bad).code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace fazhi::aggregate
