// Reports of our own wording (tests/data/reports), mutated by the thousand
// (bytes changed, cut anywhere, characters and slices inserted or deleted),
// through the whole engine: it must never crash, refuse only with a clear
// error, and every report it returns must keep the invariants of its
// evidence: spans inside the text, quotes that are the text at their span,
// original offsets inside the input.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/engine/engine.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace fazhi::engine {
namespace {

std::vector<std::string> Reports() {
  std::vector<std::string> reports;
  for (auto& [name, bytes] : testing::FixtureReports()) reports.push_back(std::move(bytes));
  return reports;
}

// Pieces that stress the parsers: multi-byte characters, numerals, units,
// qualifiers, document-number brackets, broken UTF-8.
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> kPieces = {
      "。",       "，",     "\n",   "\n\n",       "１２",
      "万",       "余",     "第",   "〔2024〕",   "%",
      "百分之",   "件",     "起",   "2024年",     "二〇二五年一月",
      "一、",     "（一）", "# ",   "**",         "<p>",
      "\xE4\xB8", "\xFF",   " ",    "无行政复议", "全县",
      "共计",     "十几",   "两三", "\t",         "3-5次"};
  return kPieces;
}

void CheckEvidence(const fazhi::v1::Evidence& e, const std::string& text, size_t input_size,
                   const std::string& where) {
  ASSERT_LE(0, e.start()) << where;
  ASSERT_LE(e.start(), e.end()) << where;
  ASSERT_LE(static_cast<size_t>(e.end()), text.size()) << where;
  EXPECT_EQ(e.quote(), text.substr(e.start(), e.end() - e.start())) << where;
  EXPECT_NE(e.text().find(e.quote()), std::string::npos) << where;
  EXPECT_LE(e.original_start(), e.original_end()) << where;
  EXPECT_LE(static_cast<size_t>(e.original_end()), input_size) << where;
}

// Applies 1-6 random edits to `doc`. With `keep_utf8` the edits fall on
// character boundaries and insert only valid text; without, anything goes.
void Mutate(std::mt19937& rng, bool keep_utf8, std::string* doc) {
  auto below = [&](size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng() % n); };
  auto boundary = [&](size_t at) {
    while (keep_utf8 && at > 0 && at < doc->size() &&
           (static_cast<unsigned char>((*doc)[at]) & 0xC0) == 0x80) {
      --at;
    }
    return at;
  };
  for (int edits = 1 + static_cast<int>(below(6)); edits > 0; --edits) {
    size_t at = boundary(below(doc->size() + 1));
    switch (below(5)) {
      case 0:  // one byte changed, whatever it breaks
        if (!keep_utf8 && !doc->empty()) (*doc)[below(doc->size())] = static_cast<char>(below(256));
        break;
      case 1:  // cut
        doc->resize(at);
        break;
      case 2: {
        const std::string& piece = Pieces()[below(Pieces().size())];
        bool valid = piece.find('\xFF') == std::string::npos && piece != "\xE4\xB8";
        if (valid || !keep_utf8) doc->insert(at, piece);
        break;
      }
      case 3: {  // a slice repeated
        size_t from = boundary(below(doc->size() + 1));
        size_t to = boundary(std::min(doc->size(), from + below(200)));
        doc->insert(at, doc->substr(from, to - from));
        break;
      }
      case 4:
        doc->erase(at, boundary(std::min(doc->size(), at + below(100))) - at);
        break;
    }
  }
}

// Checks what Extract made of a mutated document; false when it refused.
bool CheckReport(const absl::StatusOr<fazhi::v1::ParsedReport>& report, const std::string& doc,
                 const std::string& where) {
  if (!report.ok()) {
    // A clear error that names the document.
    EXPECT_NE(report.status().message().find("mutated"), std::string::npos) << where;
    return false;
  }
  const std::string& text = report->normalized_text();
  if (report->entity().has_evidence()) {
    CheckEvidence(report->entity().evidence(), text, doc.size(), where + " entity");
  }
  for (const auto& section : report->sections()) {
    EXPECT_LE(section.start(), section.end()) << where;
    EXPECT_LE(static_cast<size_t>(section.end()), text.size()) << where;
  }
  for (const auto& indicator : report->indicators()) {
    CheckEvidence(indicator.evidence(), text, doc.size(), where + " " + indicator.id());
    for (const auto& alternative : indicator.alternatives()) {
      CheckEvidence(alternative.evidence(), text, doc.size(), where + " " + indicator.id());
    }
  }
  return true;
}

TEST(RobustnessTest, MutatedReportsNeverBreakTheEngine) {
  std::vector<std::string> reports = Reports();
  ASSERT_GE(reports.size(), 5u);
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  std::mt19937 rng(20241123);  // fixed: a failure can be replayed
  int text_kept = 0, text_extracted = 0, bytes_extracted = 0, bytes_refused = 0;
  for (int round = 0; round < 3000; ++round) {
    bool keep_utf8 = round % 2 == 0;
    std::string doc = reports[round % reports.size()];
    Mutate(rng, keep_utf8, &doc);
    fazhi::v1::Document document;
    document.set_source("mutated");
    document.set_content(doc);
    auto report = (*extractor)->Extract(document, {.include_normalized_text = true});
    bool extracted = CheckReport(report, doc, "round " + std::to_string(round));
    if (keep_utf8) {
      ++text_kept;
      text_extracted += extracted;
    } else {
      (extracted ? bytes_extracted : bytes_refused) += 1;
    }
  }
  // Text that is still text is read (a cut can leave an empty document or
  // an HTML page without text, which are refused); broken bytes are either
  // read or refused with an error, never a crash.
  EXPECT_GT(text_extracted, text_kept * 9 / 10);
  std::printf(
      "mutated reports: %d of %d still text extracted; broken bytes: %d extracted, %d refused\n",
      text_extracted, text_kept, bytes_extracted, bytes_refused);
}

}  // namespace
}  // namespace fazhi::engine

namespace fazhi::engine {
namespace {

// One 200 KB line with a statement every few characters: the reply stays
// linear in the input (evidence text a window around each quote, a bounded
// number of alternatives), where it once grew with the square of it.
TEST(RobustnessTest, ADenseOneLineTextGivesABoundedReport) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok()) << extractor.status();
  std::string line = "青禾镇2024年法治政府建设情况报告\n";
  while (line.size() < 200 << 10) {
    line += "受理信访案件5件,调解矛盾纠纷7起,开展普法宣传活动3场,";
  }
  fazhi::v1::Document document;
  document.set_content(line);
  auto report = (*extractor)->Extract(document, {});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_FALSE(report->indicators().empty());
  for (const auto& indicator : report->indicators()) {
    EXPECT_LE(indicator.alternatives_size(), 16) << indicator.id();
    EXPECT_LE(indicator.evidence().text().size(), 1000u) << indicator.id();
    EXPECT_NE(indicator.evidence().text().find(indicator.evidence().quote()), std::string::npos);
  }
  EXPECT_LT(report->ByteSizeLong(), line.size() * 2) << report->ByteSizeLong();
}

}  // namespace
}  // namespace fazhi::engine

namespace fazhi::engine {
namespace {

// A document above the limit is refused before it is read, naming the
// limit; at the limit it is read.
TEST(RobustnessTest, ADocumentAboveTheLimitIsResourceExhausted) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok()) << extractor.status();
  fazhi::v1::Document document;
  document.set_source("big.txt");
  document.set_content("青禾镇2024年法治政府建设情况报告\n全年组织集中学法6次。\n");
  ExtractOptions options;
  options.max_document_bytes = static_cast<int64_t>(document.content().size()) - 1;
  auto refused = (*extractor)->Extract(document, options);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted) << refused.status();
  EXPECT_NE(refused.status().message().find("big.txt"), absl::string_view::npos);
  EXPECT_NE(refused.status().message().find(std::to_string(options.max_document_bytes)),
            absl::string_view::npos)
      << refused.status();
  options.max_document_bytes += 1;
  auto read = (*extractor)->Extract(document, options);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->indicators_size(), 1);
}

// One sentence naming a rule's words more often than any report does: only
// the first 32 occurrences are read, so the total stated at its end (which
// would otherwise win over the parts) is not reached, and the work per
// sentence stays bounded.
TEST(RobustnessTest, OccurrencesOfOneRuleInOneSentenceAreCapped) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok()) << extractor.status();
  auto sentence = [](int parts) {
    std::string s = "青禾镇2024年法治政府建设情况报告\n";
    for (int k = 0; k < parts; ++k) s += "第" + std::to_string(k + 1) + "季组织集中学法1次,";
    return s + "全年共组织集中学法90次。\n";
  };
  fazhi::v1::Document few;
  few.set_content(sentence(5));
  auto read = (*extractor)->Extract(few, {});
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->indicators_size(), 1);
  EXPECT_EQ(read->indicators(0).value(), 90) << "the stated total wins over the parts";
  fazhi::v1::Document many;
  many.set_content(sentence(40));
  auto capped = (*extractor)->Extract(many, {});
  ASSERT_TRUE(capped.ok()) << capped.status();
  ASSERT_EQ(capped->indicators_size(), 1);
  EXPECT_EQ(capped->indicators(0).value(), 1) << "the 41st occurrence is past the cap";
}

}  // namespace
}  // namespace fazhi::engine
