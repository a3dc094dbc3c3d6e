// Runs every example of the indicator catalog through the whole engine:
// positive examples must give their value (and qualifier), negative ones
// must give no value for that indicator.
#include "common/engine/catalog.h"

#include <iconv.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/engine/engine.h"
#include "common/engine/indicators.h"
#include "common/text/utf8.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace fazhi::engine {
namespace {

fazhi::v1::Qualifier QualifierNamed(const std::string& name) {
  if (name == "at_least") return fazhi::v1::QUALIFIER_AT_LEAST;
  if (name == "approx") return fazhi::v1::QUALIFIER_APPROX;
  if (name == "range") return fazhi::v1::QUALIFIER_RANGE;
  return fazhi::v1::QUALIFIER_EXACT;
}

TEST(CatalogTest, EmbeddedCatalogCompiles) {
  auto catalog = CompiledCatalog::Create(EmbeddedCatalogText());
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_FALSE((*catalog)->version().empty());
  EXPECT_GE((*catalog)->rules().size(), 3u);
}

// Tables, exports and the web page show indicators by their Chinese name.
TEST(CatalogTest, EveryRuleHasAChineseLabel) {
  fazhi::v1::IndicatorCatalog catalog;
  ASSERT_TRUE(
      google::protobuf::TextFormat::ParseFromString(std::string(EmbeddedCatalogText()), &catalog));
  ASSERT_GE(catalog.indicators_size(), 30);
  std::set<std::string> labels;
  for (const auto& rule : catalog.indicators()) {
    EXPECT_FALSE(rule.label_zh().empty()) << rule.id();
    EXPECT_TRUE(labels.insert(rule.label_zh()).second) << "two rules named " << rule.label_zh();
  }
}

TEST(CatalogTest, EveryExampleHolds) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok()) << extractor.status();
  fazhi::v1::IndicatorCatalog catalog;
  ASSERT_TRUE(
      google::protobuf::TextFormat::ParseFromString(std::string(EmbeddedCatalogText()), &catalog));
  int examples = 0;
  for (const auto& rule : catalog.indicators()) {
    EXPECT_FALSE(rule.examples().empty()) << rule.id() << " has no examples";
    for (const auto& example : rule.examples()) {
      SCOPED_TRACE(rule.id() + ": " + example.text());
      ++examples;
      fazhi::v1::Document document;
      document.set_content(example.text());
      auto report = (*extractor)->Extract(document, {});
      ASSERT_TRUE(report.ok()) << report.status();
      const fazhi::v1::Indicator* found = nullptr;
      for (const auto& indicator : report->indicators()) {
        if (indicator.id() == rule.id()) found = &indicator;
      }
      if (!example.has_value()) {
        EXPECT_EQ(found, nullptr) << "unexpected value " << found->value();
        continue;
      }
      ASSERT_NE(found, nullptr);
      EXPECT_DOUBLE_EQ(found->value(), example.value());
      EXPECT_EQ(found->qualifier(), QualifierNamed(example.qualifier()));
      if (example.has_value_max()) {
        EXPECT_DOUBLE_EQ(found->value_max(), example.value_max());
      }
      EXPECT_EQ(found->evidence().verification(), fazhi::v1::VERIFICATION_VERIFIED);
      // The original offsets name the quoted words in the input (these
      // examples have nothing to fold inside their spans).
      const auto& e = found->evidence();
      EXPECT_EQ(e.quote(),
                example.text().substr(e.original_start(), e.original_end() - e.original_start()));
    }
  }
  EXPECT_GT(examples, 20);
}

TEST(CatalogTest, ScanFormKeepsTheMandatoryCore) {
  struct Case {
    std::string trigger;
    std::string form;
  };
  const Case cases[] = {
      {"(?:执法|日常)?检查(?:各类)?(?:企业|商户)?", "检查"},
      {"信访(?:案件|事项)?", "信访"},
      {"法治(?:专题)?学习", "法治(?:专题)?学习"},                   // optional only in the middle
      {"参学率|参考率", "参学率|参考率"},                           // top-level alternation
      {"合同[^，。]{0,6}?合法性(?:审查)?", "合法性"},               // the longer side of a gap
      {"(?:发放|印发)[^，]{0,16}?(?:资料|手册)", "(?:资料|手册)"},  // a tie: the last
      {"“[^”]{0,10}(?:法|宪)[^”]{0,10}”等?活动", "”等?活动"},
      {"[^，]{0,4}?学习", "学习"},
      {"(?:无)?", "(?:无)?"},  // nothing mandatory: unchanged
      {"罚(?:没)?款(?:金额)?", "罚(?:没)?款"},
      {"[a-z]+(?:x)?", "[a-z]+"},
  };
  for (const Case& c : cases) EXPECT_EQ(ScanForm(c.trigger), c.form) << c.trigger;
  // Cut at optional pieces too, as zero statements are: the longest words
  // that every match holds.
  const Case cut[] = {
      {"法治(?:专题)?学习", "学习"},  // a tie: the last
      {"(?:未发生|没有)(?:一起)?行政(?:诉讼|应诉)(?:案件)?", "行政(?:诉讼|应诉)"},
      {"零(?:行政)?复议", "复议"},
      {"(?:无)?", "(?:无)?"},
  };
  for (const Case& c : cut) {
    EXPECT_EQ(ScanForm(c.trigger, /*cut_at_optional=*/true), c.form) << c.trigger;
  }
}

TEST(CatalogTest, SplitForScanGivesTheTriggerUpToItsScanWords) {
  struct Case {
    std::string trigger;
    bool cut;
    std::string form;
    std::string through_form;
  };
  const Case cases[] = {
      {"(?:执法|日常)?检查(?:各类)?(?:企业|商户)?", false, "检查", "(?:执法|日常)?检查"},
      {"(?:发放|印发)[^，]{0,16}?(?:资料|手册)(?:等)?", false, "(?:资料|手册)",
       "(?:发放|印发)[^，]{0,16}?(?:资料|手册)"},
      {"合同[^，。]{0,6}?合法性(?:审查)?", false, "合法性", "合同[^，。]{0,6}?合法性"},
      {"参学率|参考率", false, "参学率|参考率", "参学率|参考率"},  // not split: all of it
      {"(?:未发生|没有)(?:一起)?行政(?:诉讼|应诉)(?:案件)?", true, "行政(?:诉讼|应诉)",
       "(?:未发生|没有)(?:一起)?行政(?:诉讼|应诉)"},
  };
  for (const Case& c : cases) {
    ScanSplit split = SplitForScan(c.trigger, c.cut);
    EXPECT_EQ(split.form, c.form) << c.trigger;
    EXPECT_EQ(split.through_form, c.through_form) << c.trigger;
  }
}

TEST(CatalogTest, NoTriggerMatchStartsFurtherBackThanItsRulesLead) {
  // Over the catalog's own examples: wherever a rule's trigger matches, the
  // scan words of the trigger that matched end no more than the rule's lead
  // after the match starts (the exact matching starts that far back from
  // the first scan words, no further).
  auto catalog = CompiledCatalog::Create(EmbeddedCatalogText());
  ASSERT_TRUE(catalog.ok());
  int checked = 0;
  for (const CompiledRule& rule : (*catalog)->rules()) {
    if (rule.trigger_lead_bytes == 0) continue;  // unbounded: searched from the start
    std::vector<std::string> triggers(rule.rule.triggers().begin(), rule.rule.triggers().end());
    for (const auto& contextual : rule.rule.contextual_triggers()) {
      triggers.insert(triggers.end(), contextual.patterns().begin(), contextual.patterns().end());
    }
    for (const auto& example : rule.rule.examples()) {
      re2::StringPiece input(example.text()), match;
      while (RE2::FindAndConsume(&input, "(" + rule.trigger->pattern() + ")", &match)) {
        bool within = false;
        for (const std::string& trigger : triggers) {
          if (!RE2::FullMatch(match, trigger)) continue;
          RE2 words(SplitForScan(trigger).form);
          const size_t lead = std::min<size_t>(match.size(), rule.trigger_lead_bytes);
          within |= RE2::PartialMatch(re2::StringPiece(match.data(), lead), words);
        }
        EXPECT_TRUE(within) << rule.rule.id() << ": " << match << " in " << example.text();
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 60);
}

TEST(CatalogTest, EveryTriggerMatchContainsItsScanForm) {
  // Over the catalog's own examples: wherever a trigger matches, its scan
  // form matches inside that match.
  auto catalog = CompiledCatalog::Create(EmbeddedCatalogText());
  ASSERT_TRUE(catalog.ok());
  int checked = 0;
  for (const CompiledRule& rule : (*catalog)->rules()) {
    // Plain and contextual triggers and zero statements: the scan looks for
    // the scan form of each.
    std::vector<std::string> patterns(rule.rule.triggers().begin(), rule.rule.triggers().end());
    for (const auto& contextual : rule.rule.contextual_triggers()) {
      patterns.insert(patterns.end(), contextual.patterns().begin(), contextual.patterns().end());
    }
    patterns.insert(patterns.end(), rule.rule.zero_statements().begin(),
                    rule.rule.zero_statements().end());
    for (const std::string& trigger : patterns) {
      RE2 full(trigger);
      RE2 core(ScanForm(trigger));
      RE2 cut(ScanForm(trigger, /*cut_at_optional=*/true));
      ASSERT_TRUE(core.ok()) << trigger;
      ASSERT_TRUE(cut.ok()) << trigger;
      for (const auto& example : rule.rule.examples()) {
        re2::StringPiece input(example.text()), match;
        while (RE2::FindAndConsume(&input, "(" + trigger + ")", &match)) {
          EXPECT_TRUE(RE2::PartialMatch(match, core)) << trigger << " in " << example.text();
          EXPECT_TRUE(RE2::PartialMatch(match, cut)) << trigger << " in " << example.text();
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 80);
}

TEST(CatalogTest, RejectsBrokenCatalogs) {
  auto bad_regex = CompiledCatalog::Create(R"(indicators { id: "x" triggers: "(" units: "件" })");
  EXPECT_EQ(bad_regex.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_regex.status().message().find("'x'"), std::string::npos);

  auto duplicate = CompiledCatalog::Create(
      R"(indicators { id: "x" triggers: "a" units: "件" }
         indicators { id: "x" triggers: "b" units: "件" })");
  EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kInvalidArgument);

  auto no_units = CompiledCatalog::Create(R"(indicators { id: "x" triggers: "a" })");
  EXPECT_EQ(no_units.status().code(), absl::StatusCode::kInvalidArgument);

  // RE2 accepts a trigger that matches nothing at all; the one-pass
  // trigger scan refuses it, and the error says which rule.
  auto empty_match = CompiledCatalog::Create(
      R"(indicators { id: "a" triggers: "信访" units: "件" }
         indicators { id: "y" triggers: "(?:违法)?" units: "件" })");
  EXPECT_EQ(empty_match.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(empty_match.status().message().find("'y'"), std::string::npos) << empty_match.status();

  auto not_textproto = CompiledCatalog::Create("indicators {");
  EXPECT_EQ(not_textproto.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(EngineTest, LaterStatementsBecomeAlternatives) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  fazhi::v1::Document document;
  document.set_content("全年受理信访案件30件。其中第四季度受理信访案件8件。");
  auto report = (*extractor)->Extract(document, {});
  ASSERT_TRUE(report.ok());
  int petitions = 0;
  for (const auto& indicator : report->indicators()) {
    if (indicator.id() != "petitions") continue;
    ++petitions;
    EXPECT_EQ(indicator.value(), 30);
    ASSERT_EQ(indicator.alternatives_size(), 1);
    EXPECT_EQ(indicator.alternatives(0).value(), 8);
  }
  EXPECT_EQ(petitions, 1);
}

// Values of one indicator: the chosen one first, then its alternatives.
std::vector<double> ValuesOf(const fazhi::v1::ParsedReport& report, const std::string& id) {
  std::vector<double> values;
  for (const auto& indicator : report.indicators()) {
    if (indicator.id() != id) continue;
    values.push_back(indicator.value());
    for (const auto& alternative : indicator.alternatives()) values.push_back(alternative.value());
  }
  return values;
}

// A document, an indicator id, and the values it must give: the chosen one
// first, then its alternatives (none: the indicator is left out).
struct ValuesCase {
  std::string text, id;
  std::vector<double> values;
};

void ExpectValues(const std::vector<ValuesCase>& cases) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  for (const ValuesCase& c : cases) {
    fazhi::v1::Document document;
    document.set_content(c.text);
    auto report = (*extractor)->Extract(document, {});
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(ValuesOf(*report, c.id), c.values) << c.text;
  }
}

TEST(EngineTest, ALaterStatedTotalWinsOverAnEarlierFigure) {
  std::vector<ValuesCase> cases = {
      // The later statement says it is the total: it wins.
      {"年初持证执法人员60人。目前持证执法人员共计64人。", "enforcement_certified_staff", {64, 60}},
      {"一季度受理信访案件5件。全年共受理信访案件21件。", "petitions", {21, 5}},
      // Both or neither say so: the first stays first.
      {"受理信访案件12件。其后又受理信访案件3件。", "petitions", {12, 3}},
      {"全年合计受理信访案件40件。其中合计办理信访案件38件。", "petitions", {40, 38}},
      // A total word in another clause or line does not count.
      {"受理信访案件7件，合计\n受理信访案件2件。", "petitions", {7, 2}},
  };
  ExpectValues(cases);
}

TEST(EngineTest, AWiderAreasFigureIsNotTheEntitys) {
  std::vector<ValuesCase> cases = {
      // A township: the county's figure is only an alternative to its own,
      // and alone it is no figure of the township's.
      {"青竹镇2024年法治政府建设情况报告\n全县共办理法律援助案件320件，其中我镇办理法律援助案件25件"
       "。",
       "legal_aid_cases",
       {25, 320}},
      {"青竹镇2024年法治政府建设情况报告\n全县共受理信访案件150件。", "petitions", {}},
      {"青竹镇2024年法治政府建设情况报告\n在全市范围内开展法治讲座40场。", "publicity_events", {}},
      // "全县" later in the clause is no scope of the figure.
      {"青竹镇2024年法治政府建设情况报告\n我镇在全县率先开展法治讲座6场。",
       "publicity_events",
       {6}},
      // A county's 全县 is its own; 全省 is wider.
      {"宁远县2024年法治政府建设情况报告\n全县共受理信访案件150件。", "petitions", {150}},
      {"宁远县2024年法治政府建设情况报告\n全省共受理信访案件9000件。全县受理信访案件150件。",
       "petitions",
       {150, 9000}},
      // A court's figure is another body's.
      {"青竹镇2024年法治政府建设情况报告\n县人民法院受理行政诉讼案件30件。",
       "admin_litigation_cases",
       {}},
      {"宁远县2024年法治政府建设情况报告\n全县行政诉讼案件12件，其中县法院受理行政诉讼案件30件。",
       "admin_litigation_cases",
       {12, 30}},
      // A county-level city's 全市 is its own.
      {"公主岭市2024年法治政府建设情况报告\n全市共受理信访案件88件。", "petitions", {88}},
      // A count of several years is not the year's; "2023年以来" is the year.
      {"青竹镇2024年法治政府建设情况报告\n近三年累计调解矛盾纠纷300余件。今年调解矛盾纠纷92件。",
       "disputes_mediated",
       {92, 300}},
      {"青竹镇2024年法治政府建设情况报告\n2024年以来调解矛盾纠纷61件。", "disputes_mediated", {61}},
      {"青竹镇2024年法治政府建设情况报告\n2021年至2024年共调解矛盾纠纷400件。",
       "disputes_mediated",
       {}},
      // Another year's figure, or last year's, is not the year's; a period
      // ending in the year, a comparison with last year and years in a
      // title do not date it.
      {"青竹镇2024年法治政府建设情况报告\n2023年我镇受理信访案件9件。今年受理信访案件6件。",
       "petitions",
       {6, 9}},
      {"青竹镇2024年法治政府建设情况报告\n上年度法律顾问覆盖率为90%。",
       "village_legal_advisor_coverage",
       {}},
      {"青竹镇2024年法治政府建设情况报告\n2023年12月起受理信访案件7件。", "petitions", {7}},
      {"青竹镇2024年法治政府建设情况报告\n受理信访案件8件，较上年度减少2件。", "petitions", {8}},
      {"青竹镇2024年法治政府建设情况报告\n集中学习《法治政府建设实施纲要(2021-2025年)》4次。",
       "law_study_sessions",
       {4}},
      // Later clauses with no subject of their own go on with the wider
      // area's figures; not after 其中我镇, nor after an opening with no figure.
      {"青竹镇2024年法治政府建设情况报告\n全县共调解矛盾纠纷1800件,成功调解1790件。",
       "disputes_resolved",
       {}},
      {"青竹镇2024年法治政府建设情况报告\n全县受理信访案件90件,其中本镇受理信访案件8件。",
       "petitions",
       {8, 90}},
      {"青竹镇2024年法治政府建设情况报告\n按照全县统一部署,开展法治讲座5场。",
       "publicity_events",
       {5}},
      // The county's party committee and government and their offices.
      {"青竹镇2024年法治政府建设情况报告\n县委依法治县办举办法治培训4期,本镇组织法治培训1期。",
       "law_trainings",
       {1, 4}},
      {"青竹镇2024年法治政府建设情况报告\n县政府常务会议审议重大行政决策事项9项。",
       "major_decisions",
       {}},
      // A body of a level above opening the clause states its own figure.
      {"青竹镇2024年法治政府建设情况报告\n县法律援助中心全年办理法律援助案件210件。",
       "legal_aid_cases",
       {}},
      {"青竹镇2024年法治政府建设情况报告\n区人民调解委员会调处纠纷90余起。",
       "disputes_mediated",
       {}},
      {"青竹镇2024年法治政府建设情况报告\n县民政局为全镇困难群众办理法律援助事项7件。",
       "legal_aid_cases",
       {}},
      {"宁远县2024年法治政府建设情况报告\n市司法局组织全市执法人员培训4期。", "law_trainings", {}},
      // ... but not words that start with a level's character, nor the
      // county's own bodies in a county's report.
      {"青竹镇2024年法治政府建设情况报告\n市场监管所开展执法检查12次。",
       "enforcement_inspections",
       {12}},
      {"宁远县2024年法治政府建设情况报告\n县司法局组织执法人员培训5期。", "law_trainings", {5}},
      {"公主岭市2024年法治政府建设情况报告\n市司法局组织执法人员培训3期。", "law_trainings", {3}},
  };
  ExpectValues(cases);
}

TEST(EngineTest, WiderScopesFollowTheEntitysLevel) {
  struct Case {
    const char* name;
    fazhi::v1::EntityLevel level;
    const char* wider;  // must be among the wider scopes
    const char* own;    // must not be
  };
  for (const Case& c :
       std::vector<Case>{{"青竹镇", fazhi::v1::ENTITY_LEVEL_TOWN, "全县", "全镇"},
                         {"上城区", fazhi::v1::ENTITY_LEVEL_COUNTY, "全市", "全区"},
                         {"公主岭市", fazhi::v1::ENTITY_LEVEL_COUNTY, "全省", "全市"},
                         {"紫金县司法局", fazhi::v1::ENTITY_LEVEL_DEPARTMENT, "全省", "全县"}}) {
    fazhi::v1::Entity entity;
    entity.set_name(c.name);
    entity.set_level(c.level);
    std::vector<std::string> wider = WiderScopesOf(entity);
    EXPECT_NE(std::find(wider.begin(), wider.end(), c.wider), wider.end()) << c.name;
    EXPECT_EQ(std::find(wider.begin(), wider.end(), c.own), wider.end()) << c.name;
  }
  EXPECT_TRUE(WiderScopesOf(fazhi::v1::Entity()).empty());
}

TEST(PhrasingsTest, EachSentenceGivesItsFigureAndNoOther) {
  std::ifstream in(FAZHI_SOURCE_DIR "/tests/data/phrasings.tsv");
  ASSERT_TRUE(in) << "tests/data/phrasings.tsv";
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  int checked = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 3u) << line;
    SCOPED_TRACE(line);
    fazhi::v1::Document document;
    // "\n" in a row stands for a line break (a heading above the sentence).
    document.set_content(absl::StrReplaceAll(f[2], {{"\\n", "\n"}}));
    auto report = (*extractor)->Extract(document, {});
    ASSERT_TRUE(report.ok());
    ++checked;
    if (f[0] == "-") {
      EXPECT_EQ(report->indicators_size(), 0) << report->indicators(0).id();
      continue;
    }
    double value = 0;
    ASSERT_TRUE(absl::SimpleAtod(f[1], &value));
    EXPECT_EQ(ValuesOf(*report, f[0]), std::vector<double>{value});
  }
  EXPECT_GT(checked, 80);
}

TEST(EngineTest, EvidenceMapsToOriginalBytes) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  fazhi::v1::Document document;
  std::string original = "## 概况\n\n全年 受理 信访案件 ３０ 件。";
  document.set_content(original);
  auto report = (*extractor)->Extract(document, {.include_normalized_text = true});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->indicators_size(), 1);
  const auto& e = report->indicators(0).evidence();
  EXPECT_EQ(e.quote(), "信访案件30件");
  EXPECT_EQ(report->normalized_text().substr(e.start(), e.end() - e.start()), e.quote());
  std::string original_span =
      original.substr(e.original_start(), e.original_end() - e.original_start());
  EXPECT_EQ(original_span.rfind("信访案件", 0), 0u) << original_span;
  EXPECT_NE(original_span.find("件"), std::string::npos);
}

// Character offsets index the text as code points, as a Java, JavaScript
// or Python string does: the quote is the same slice of the decoded text.
TEST(EngineTest, EvidenceCarriesCharacterOffsets) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  fazhi::v1::Document document;
  document.set_content(
      "青石镇2024年法治政府建设年度报告\n\n一、主要举措\n𠀋村调解员全年调解矛盾纠纷25起，"
      "受理信访案件7件。\n");
  auto report = (*extractor)->Extract(document, {.include_normalized_text = true});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_GE(report->indicators_size(), 2);
  std::u32string chars;
  const std::string& text = report->normalized_text();
  for (size_t i = 0; i < text.size();) {
    int length = 1;
    chars.push_back(text::DecodeAt(text, i, &length));
    i += length;
  }
  for (const auto& indicator : report->indicators()) {
    const auto& e = indicator.evidence();
    std::u32string quote;
    for (size_t i = 0; i < e.quote().size();) {
      int length = 1;
      quote.push_back(text::DecodeAt(e.quote(), i, &length));
      i += length;
    }
    EXPECT_EQ(chars.substr(e.char_start(), e.char_end() - e.char_start()), quote) << e.quote();
    EXPECT_LT(e.char_start(), e.start()) << "Chinese text: fewer characters than bytes";
  }
  const auto& entity = report->entity().evidence();
  EXPECT_EQ(entity.char_end() - entity.char_start(),
            static_cast<int64_t>(text::CodePointCount(entity.quote())));
}

// A report whose figures contradict each other says so, with both figures'
// evidence.
TEST(EngineTest, ContradictingFiguresAreFlagged) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  fazhi::v1::Document document;
  document.set_content(
      "白沙镇2024年法治政府建设情况报告\n\n一、主要举措\n全年调解矛盾纠纷100起，调解成功120起。\n");
  auto report = (*extractor)->Extract(document, {});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->contradictions_size(), 1) << report->DebugString();
  const auto& c = report->contradictions(0);
  EXPECT_EQ(c.kind(), "part_exceeds_whole");
  ASSERT_EQ(c.figures_size(), 2);
  EXPECT_EQ(c.figures(0).evidence().quote(), "调解成功120起");
  EXPECT_GT(c.figures(0).evidence().char_end(), 0) << "copied with every offset";
}

// The bytes `utf8` takes in `encoding` (glibc iconv).
std::string Encode(const std::string& utf8, const char* encoding) {
  iconv_t cd = iconv_open(encoding, "UTF-8");
  std::string out(utf8.size() * 4 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* to = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &to, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// A text file's spans in its own bytes, whatever its encoding: GB18030
// (with a four-byte character before the figures), UTF-16 with its
// byte-order mark, UTF-8 after one.
TEST(EngineTest, EvidenceOfATextFilePointsIntoItsOwnBytes) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  const std::string report =
      "白沙镇2024年法治政府建设情况报告\n\n一、主要举措\n𠀋村全年调解矛盾纠纷25起，受理信访案件7件"
      "。\n";
  struct Case {
    const char* encoding;
    std::string bytes;
    const char* quote_encoding;
  };
  for (const Case& c : {Case{"gb18030", Encode(report, "GB18030"), "GB18030"},
                        Case{"utf-16le", "\xFF\xFE" + Encode(report, "UTF-16LE"), "UTF-16LE"},
                        Case{"utf-8", "\xEF\xBB\xBF" + report, "UTF-8"}}) {
    SCOPED_TRACE(c.encoding);
    fazhi::v1::Document document;
    document.set_content(c.bytes);
    auto extracted = (*extractor)->Extract(document, {});
    ASSERT_TRUE(extracted.ok()) << extracted.status();
    EXPECT_EQ(extracted->encoding(), c.encoding);
    ASSERT_GE(extracted->indicators_size(), 2);
    for (const auto& indicator : extracted->indicators()) {
      const auto& e = indicator.evidence();
      EXPECT_EQ(c.bytes.substr(e.source_start(), e.source_end() - e.source_start()),
                Encode(e.quote(), c.quote_encoding))
          << e.quote();
    }
  }
}

TEST(EngineTest, UndecodableDocumentIsInvalidArgumentNamingTheSource) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  fazhi::v1::Document document;
  document.set_source("scan.jpg");
  document.set_content(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11));
  auto report = (*extractor)->Extract(document, {});
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(report.status().message().find("scan.jpg"), std::string::npos);
}

}  // namespace
}  // namespace fazhi::engine
