#include "common/checks/cross_checks.h"

#include "gtest/gtest.h"

namespace fazhi::checks {
namespace {

struct Figure {
  const char* id;
  double value;
  const char* unit;
  fazhi::v1::Qualifier qualifier = fazhi::v1::QUALIFIER_EXACT;
};

fazhi::v1::ParsedReport Report(std::initializer_list<Figure> figures) {
  fazhi::v1::ParsedReport r;
  for (const Figure& f : figures) {
    auto* i = r.add_indicators();
    i->set_id(f.id);
    i->set_value(f.value);
    i->set_unit(f.unit);
    i->set_qualifier(f.qualifier);
    i->mutable_evidence()->set_quote(std::string(f.id) + " quote");
    i->add_alternatives()->set_id(f.id);
  }
  return r;
}

std::vector<std::string> Kinds(const fazhi::v1::ParsedReport& report) {
  std::vector<std::string> kinds;
  for (const auto& c : Contradictions(report)) kinds.push_back(c.kind());
  return kinds;
}

TEST(CrossChecksTest, APartAboveItsWholeComesWithBothFigures) {
  auto found =
      Contradictions(Report({{"disputes_mediated", 100, "起"}, {"disputes_resolved", 120, "起"}}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind(), "part_exceeds_whole");
  EXPECT_NE(found[0].message().find("disputes_resolved (120) exceeds disputes_mediated (100)"),
            std::string::npos)
      << found[0].message();
  ASSERT_EQ(found[0].figures_size(), 2);
  EXPECT_EQ(found[0].figures(0).evidence().quote(), "disputes_resolved quote");
  EXPECT_EQ(found[0].figures(1).evidence().quote(), "disputes_mediated quote");
  EXPECT_EQ(found[0].figures(0).alternatives_size(), 0);
}

TEST(CrossChecksTest, ConsistentOrUndecidableFiguresAreNoContradiction) {
  struct Case {
    const char* what;
    fazhi::v1::ParsedReport report;
    std::vector<std::string> kinds;
  };
  const Case cases[] = {
      {"part equal to whole",
       Report({{"petitions", 30, "件"}, {"petitions_closed", 30, "件"}}),
       {}},
      {"whole only a lower bound",
       Report({{"petitions", 30, "件", fazhi::v1::QUALIFIER_AT_LEAST},
               {"petitions_closed", 35, "件"}}),
       {}},
      {"closed above received",
       Report({{"petitions", 30, "件"}, {"petitions_closed", 31, "件"}}),
       {"part_exceeds_whole"}},
      {"lost above brought",
       Report({{"admin_litigation_cases", 2, "件"}, {"admin_litigation_lost", 3, "件"}}),
       {"part_exceeds_whole"}},
      {"a rate within a point of its counts",
       Report({{"disputes_mediated", 1000, "起"},
               {"disputes_resolved", 956, "起"},
               {"mediation_success_rate", 95.9, "%"}}),
       {}},
      {"a rate its counts contradict",
       Report({{"disputes_mediated", 100, "起"},
               {"disputes_resolved", 80, "起"},
               {"mediation_success_rate", 95, "%"}}),
       {"rate_contradicts_counts"}},
      {"counts only approximate",
       Report({{"disputes_mediated", 100, "起", fazhi::v1::QUALIFIER_APPROX},
               {"disputes_resolved", 80, "起"},
               {"mediation_success_rate", 95, "%"}}),
       {}},
      {"a rate above 100", Report({{"law_exam_participation_rate", 101, "%"}}), {"rate_above_100"}},
      {"one figure alone", Report({{"disputes_resolved", 120, "起"}}), {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Kinds(c.report), c.kinds) << c.what;
  }
}

}  // namespace
}  // namespace fazhi::checks
