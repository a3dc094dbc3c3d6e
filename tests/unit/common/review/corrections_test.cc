#include "common/review/corrections.h"

#include <vector>

#include "gtest/gtest.h"

namespace fazhi::review {
namespace {

using fazhi::v1::Correction;
using fazhi::v1::ParsedReport;

ParsedReport Extracted() {
  ParsedReport r;
  r.set_report_id("r1");
  r.mutable_entity()->set_name("白沙镇");
  r.mutable_entity()->set_level(fazhi::v1::ENTITY_LEVEL_TOWN);
  r.mutable_entity()->mutable_evidence()->set_quote("白沙镇人民政府");
  r.set_year(2024);
  r.mutable_region()->set_county_code("330102");
  r.mutable_region()->set_township_code("330102001");
  r.mutable_region()->set_method("gazetteer");
  auto* mediated = r.add_indicators();
  mediated->set_id("disputes_mediated");
  mediated->set_value(20);
  mediated->set_unit("件");
  mediated->set_qualifier(fazhi::v1::QUALIFIER_AT_LEAST);
  mediated->mutable_evidence()->set_quote("调解矛盾纠纷20余件");
  auto* resolved = r.add_indicators();
  resolved->set_id("disputes_resolved");
  resolved->set_value(25);
  resolved->set_unit("件");
  resolved->mutable_evidence()->set_quote("成功化解25件");
  return r;
}

Correction Value(const char* id, double value, const char* correction_id) {
  Correction c;
  c.set_correction_id(correction_id);
  c.set_kind(fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE);
  c.set_indicator_id(id);
  c.set_value(value);
  return c;
}

const fazhi::v1::Indicator* Find(const ParsedReport& r, const std::string& id) {
  for (const auto& i : r.indicators()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

TEST(CorrectionsTest, AValueCorrectionKeepsWhatExtractionReadAndRechecksContradictions) {
  ParsedReport extracted = Extracted();
  // 25 resolved of 20 mediated contradict each other; the reviewer reads 30.
  ParsedReport before = Apply(extracted, {});
  ASSERT_EQ(before.contradictions_size(), 0);  // as stored: none were computed here
  ParsedReport seen = Apply(extracted, {Value("disputes_mediated", 30, "r1/1")});
  const auto* m = Find(seen, "disputes_mediated");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->value(), 30);
  EXPECT_TRUE(m->corrected());
  EXPECT_EQ(m->extracted_value(), 20);
  EXPECT_FALSE(m->added());
  EXPECT_EQ(m->qualifier(), fazhi::v1::QUALIFIER_EXACT);
  EXPECT_EQ(m->unit(), "件");  // kept when the correction gives none
  EXPECT_EQ(m->correction_id(), "r1/1");
  EXPECT_EQ(seen.corrections_size(), 1);
  EXPECT_EQ(seen.contradictions_size(), 0);
  // The other way round a contradiction appears.
  ParsedReport wrong = Apply(extracted, {Value("disputes_mediated", 10, "r1/1")});
  ASSERT_EQ(wrong.contradictions_size(), 1);
  EXPECT_EQ(wrong.contradictions(0).kind(), "part_exceeds_whole");
  // The extraction itself is untouched.
  EXPECT_EQ(Find(extracted, "disputes_mediated")->value(), 20);
  EXPECT_FALSE(Find(extracted, "disputes_mediated")->corrected());
}

TEST(CorrectionsTest, LaterCorrectionsLieOverEarlierOnesAndRevertedOnesDoNotApply) {
  Correction first = Value("disputes_resolved", 18, "r1/1");
  Correction second = Value("disputes_resolved", 19, "r1/2");
  ParsedReport seen = Apply(Extracted(), {first, second});
  EXPECT_EQ(Find(seen, "disputes_resolved")->value(), 19);
  EXPECT_EQ(Find(seen, "disputes_resolved")->extracted_value(), 25);
  second.set_reverted(true);
  seen = Apply(Extracted(), {first, second});
  EXPECT_EQ(Find(seen, "disputes_resolved")->value(), 18);
  EXPECT_EQ(seen.corrections_size(), 1);
  first.set_reverted(true);
  seen = Apply(Extracted(), {first, second});
  EXPECT_EQ(Find(seen, "disputes_resolved")->value(), 25);
  EXPECT_FALSE(Find(seen, "disputes_resolved")->corrected());
  EXPECT_EQ(seen.corrections_size(), 0);
}

TEST(CorrectionsTest, DropRemovesAFigureAndAValueAfterwardsRestoresIt) {
  Correction drop;
  drop.set_kind(fazhi::v1::CORRECTION_KIND_INDICATOR_DROP);
  drop.set_indicator_id("disputes_resolved");
  ParsedReport seen = Apply(Extracted(), {drop});
  EXPECT_EQ(Find(seen, "disputes_resolved"), nullptr);
  EXPECT_EQ(ValueText(seen, drop), "(none)");
  seen = Apply(Extracted(), {drop, Value("disputes_resolved", 12, "r1/3")});
  ASSERT_NE(Find(seen, "disputes_resolved"), nullptr);
  EXPECT_EQ(Find(seen, "disputes_resolved")->extracted_value(), 25);
  EXPECT_EQ(Find(seen, "disputes_resolved")->evidence().quote(), "成功化解25件");
}

TEST(CorrectionsTest, AFigureExtractionMissedIsAddedAndMarked) {
  Correction add = Value("legal_aid_cases", 7, "r1/4");
  add.set_unit("件");
  ParsedReport seen = Apply(Extracted(), {add});
  const auto* i = Find(seen, "legal_aid_cases");
  ASSERT_NE(i, nullptr);
  EXPECT_TRUE(i->added());
  EXPECT_TRUE(i->corrected());
  EXPECT_EQ(ValueText(seen, add), "7 件");
  EXPECT_EQ(ValueText(Extracted(), add), "(none)");
}

TEST(CorrectionsTest, PlacementCorrectionsMoveCountyAndTownshipTogether) {
  Correction county;
  county.set_kind(fazhi::v1::CORRECTION_KIND_COUNTY);
  county.set_county_code("330106");
  ParsedReport seen = Apply(Extracted(), {county});
  EXPECT_EQ(seen.region().county_code(), "330106");
  EXPECT_EQ(seen.region().township_code(), "");  // 330102001 is not under 330106
  EXPECT_EQ(seen.region().method(), "correction");
  Correction township;
  township.set_kind(fazhi::v1::CORRECTION_KIND_TOWNSHIP);
  township.set_township_code("330106004");
  township.set_county_code("330106");
  seen = Apply(Extracted(), {township});
  EXPECT_EQ(seen.region().county_code(), "330106");
  EXPECT_EQ(seen.region().township_code(), "330106004");
  Correction entity;
  entity.set_kind(fazhi::v1::CORRECTION_KIND_ENTITY);
  entity.set_entity_name("黄沙镇");
  seen = Apply(Extracted(), {entity});
  EXPECT_EQ(seen.entity().name(), "黄沙镇");
  EXPECT_EQ(seen.entity().level(), fazhi::v1::ENTITY_LEVEL_TOWN);
  EXPECT_FALSE(seen.entity().has_evidence());  // the quote names another entity
  EXPECT_EQ(EvidenceQuote(Extracted(), entity), "白沙镇人民政府");
}

TEST(CorrectionsTest, ValidateNamesTheBadFieldAndClearsOnesTheKindDoesNotUse) {
  Correction c = Value("disputes_mediated", 30, "");
  c.set_report_id("r1");
  c.set_reason("原文为30件，误读为20件");
  c.set_entity_name("stray");
  ASSERT_TRUE(Validate(&c).ok());
  EXPECT_EQ(c.entity_name(), "");
  EXPECT_EQ(FieldOf(c), "indicator:disputes_mediated");

  struct Bad {
    const char* expect;
    void (*mutate)(Correction*);
  };
  const Bad cases[] = {
      {"reason", [](Correction* x) { x->set_reason("  "); }},
      {"report_id", [](Correction* x) { x->set_report_id(""); }},
      {"report_id", [](Correction* x) { x->set_report_id("a/b"); }},
      {"value", [](Correction* x) { x->set_value(-1); }},
      {"value", [](Correction* x) { x->set_value(1.0 / 0.0); }},
      {"indicator_id", [](Correction* x) { x->set_indicator_id("Bad Id"); }},
      {"county_code",
       [](Correction* x) {
         x->set_kind(fazhi::v1::CORRECTION_KIND_COUNTY);
         x->set_county_code("3301");
       }},
      {"township_code",
       [](Correction* x) {
         x->set_kind(fazhi::v1::CORRECTION_KIND_TOWNSHIP);
         x->set_township_code("33010200");
       }},
      {"entity_name", [](Correction* x) { x->set_kind(fazhi::v1::CORRECTION_KIND_ENTITY); }},
      {"kind", [](Correction* x) { x->set_kind(fazhi::v1::CORRECTION_KIND_UNSPECIFIED); }},
      {"UTF-8", [](Correction* x) { x->set_reason("\xFF\xFE"); }},
  };
  for (const Bad& bad : cases) {
    Correction x = Value("disputes_mediated", 30, "");
    x.set_report_id("r1");
    x.set_reason("原文为30件");
    bad.mutate(&x);
    absl::Status s = Validate(&x);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad.expect;
    EXPECT_NE(s.message().find(bad.expect), absl::string_view::npos) << s.message();
  }
}

}  // namespace
}  // namespace fazhi::review
