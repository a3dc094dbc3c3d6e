#include "common/engine/engine.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/content_hash.h"
#include "common/checks/cross_checks.h"
#include "common/engine/entity.h"
#include "common/engine/indicators.h"
#include "common/engine/metadata.h"
#include "common/engine/sections.h"
#include "common/formats/formats.h"
#include "common/gazetteer/resolve.h"
#include "common/text/fingerprint.h"
#include "common/text/normalize.h"
#include "common/text/simplify.h"
#include "common/text/utf8.h"

namespace fazhi::engine {
namespace {

// Bumped whenever extraction logic (not the catalog) changes results.
// 2: text fingerprints use a different shingle hash.
// 3: a department that never names its county lists the counties of its
//    kind where the text places it (川渝 work, 在X市委领导下); a number
//    right after a comma is read ("全年,15名").
// 5: a field labelled with its unit in brackets ("案件数(件):27") is a
//    quantity, and 例 a unit; a year opening the sentence ("2022年,")
//    dates its figures; 达到 before a figure lengthens no gap; the titles
//    of other reports a page links to (相关文章, 上一篇) give neither its
//    year nor its entity; a site's banner above its navigation is no
//    issuer; 区司法局 takes the one district a page names; an opening
//    clause of other years (截至2023年底, 自2020年以来, “十四五”以来) dates
//    the sentence; 派出所 is another body; 比上年 makes a difference; the
//    last of figures given respectively is no one subject's either; a
//    WeChat copy's posting date (… 2025-03-20 15:30 发表于X) is its date.
constexpr absl::string_view kEngineRevision = "5";

// The four parts every report must have. 其他需要报告的情况 is mandated only
// where there is something to report, so its absence is no gap.
constexpr fazhi::v1::SectionId kMandatedSections[] = {
    fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_SHORTCOMINGS,
    fazhi::v1::SECTION_ID_LEADERSHIP, fazhi::v1::SECTION_ID_PLANS};

void MapToOriginal(const text::NormalizedText& norm, fazhi::v1::Evidence* e) {
  e->set_original_start(norm.OriginalOffset(static_cast<size_t>(e->start())));
  e->set_original_end(norm.OriginalOffset(static_cast<size_t>(e->end())));
}

// Sets every evidence's character offsets from its byte offsets, in one
// pass over the text up to the last of them.
void SetCharOffsets(absl::string_view text, std::vector<fazhi::v1::Evidence*> all) {
  std::vector<std::pair<size_t, int64_t*>> wanted;  // byte offset -> where its count goes
  std::vector<int64_t> counts(2 * all.size());
  for (size_t k = 0; k < all.size(); ++k) {
    wanted.push_back({static_cast<size_t>(all[k]->start()), &counts[2 * k]});
    wanted.push_back({static_cast<size_t>(all[k]->end()), &counts[2 * k + 1]});
  }
  std::sort(wanted.begin(), wanted.end());
  size_t at = 0;
  int64_t chars = 0;
  for (auto& [offset, count] : wanted) {
    size_t until = std::min(offset, text.size());
    if (until > at) {
      chars += static_cast<int64_t>(text::CodePointCount(text.substr(at, until - at)));
      at = until;
    }
    *count = chars;
  }
  for (size_t k = 0; k < all.size(); ++k) {
    all[k]->set_char_start(counts[2 * k]);
    all[k]->set_char_end(counts[2 * k + 1]);
  }
}

// The PDF page or DOCX paragraph each evidence starts in, from its offset
// in the decoded text (original_start) and where the parts begin.
void SetParts(const formats::ExtractedText& decoded, const std::vector<fazhi::v1::Evidence*>& all) {
  if (decoded.part_starts.empty()) return;
  const bool pages = decoded.part_kind == "page";
  for (fazhi::v1::Evidence* e : all) {
    auto after = std::upper_bound(decoded.part_starts.begin(), decoded.part_starts.end(),
                                  e->original_start());
    int part = static_cast<int>(after - decoded.part_starts.begin());  // 1-based
    if (part == 0) part = 1;
    if (pages) {
      e->set_page(part);
    } else {
      e->set_paragraph(part);
    }
  }
}

// Bytes a code point of UTF-8 length `utf8_length` took in the submitted
// file, read at `at`: GB18030 has 1, 2 or 4 (a digit second byte), UTF-16 2
// or 4 (beyond the BMP), UTF-8 its own.
size_t SourceLength(absl::string_view source, size_t at, int utf8_length,
                    absl::string_view encoding) {
  if (encoding == "gb18030") {
    unsigned char lead = static_cast<unsigned char>(source[at]);
    if (lead < 0x80) return 1;
    bool four = at + 1 < source.size() && source[at + 1] >= '0' && source[at + 1] <= '9';
    return four ? 4 : 2;
  }
  if (absl::StartsWith(encoding, "utf-16")) return utf8_length == 4 ? 4 : 2;
  return static_cast<size_t>(utf8_length);
}

// For plain text and Markdown, every evidence's span in the submitted
// bytes: one walk over the decoded text and the file side by side, up to
// the last span.
void SetSourceOffsets(absl::string_view source, const formats::ExtractedText& decoded,
                      const std::vector<fazhi::v1::Evidence*>& all) {
  if (decoded.format != "text" && decoded.format != "markdown") return;
  const std::string& encoding = decoded.encoding;
  if (encoding != "utf-8" && encoding != "gb18030" && !absl::StartsWith(encoding, "utf-16")) {
    return;
  }
  size_t skip = 0;  // the byte-order mark the decoder dropped
  if (absl::StartsWith(source, "\xEF\xBB\xBF")) {
    skip = 3;
  } else if (absl::StartsWith(encoding, "utf-16") &&
             (absl::StartsWith(source, "\xFF\xFE") || absl::StartsWith(source, "\xFE\xFF"))) {
    skip = 2;
  }
  std::vector<std::pair<size_t, int64_t*>> wanted;
  std::vector<int64_t> found(2 * all.size());
  for (size_t k = 0; k < all.size(); ++k) {
    wanted.push_back({static_cast<size_t>(all[k]->original_start()), &found[2 * k]});
    wanted.push_back({static_cast<size_t>(all[k]->original_end()), &found[2 * k + 1]});
  }
  std::sort(wanted.begin(), wanted.end());
  const std::string& text = decoded.text;
  if (encoding == "utf-8") {
    // The decoded text is the file's own bytes after the mark: no walk.
    for (auto& [offset, result] : wanted) {
      *result = static_cast<int64_t>(std::min(skip + std::min(offset, text.size()), source.size()));
    }
  } else {
    size_t at = 0, in_source = skip;
    for (auto& [offset, result] : wanted) {
      while (at < offset && at < text.size() && in_source < source.size()) {
        int length = text::Utf8Length(static_cast<unsigned char>(text[at]));
        in_source += SourceLength(source, in_source, length, encoding);
        at += static_cast<size_t>(length);
      }
      *result = static_cast<int64_t>(std::min(in_source, source.size()));
    }
  }
  for (size_t k = 0; k < all.size(); ++k) {
    all[k]->set_source_start(found[2 * k]);
    all[k]->set_source_end(found[2 * k + 1]);
  }
}

// Until the gazetteer resolves entities, a county-level hint (6 digits) is
// the only source of the county; shorter prefixes do not decide it.
void ApplyRegionHint(const std::string& hint, fazhi::v1::Region* region) {
  if (hint.size() != 6) return;
  region->set_county_code(hint);
  region->set_confidence(1.0);
  region->set_method("region_hint");
}

// The places above the entity, by name, as wider areas: a township's county
// (新吴区… in a street's report), the city and the province; the county's
// own name, so that 新吴区X街道… stays the street's own path.
void AddPlacesAbove(const gazetteer::Gazetteer& g, const fazhi::v1::ParsedReport& report,
                    std::vector<std::string>* wider, std::vector<std::string>* own) {
  const gazetteer::Division* county = g.Find(report.region().county_code());
  if (county == nullptr) return;
  fazhi::v1::EntityLevel level = report.entity().level();
  bool township = level == fazhi::v1::ENTITY_LEVEL_STREET ||
                  level == fazhi::v1::ENTITY_LEVEL_TOWN ||
                  level == fazhi::v1::ENTITY_LEVEL_TOWNSHIP;
  if (township) {
    wider->emplace_back(county->name);
  } else {
    own->emplace_back(county->name);
  }
  for (const gazetteer::Division* d : {g.CityOf(*county), g.ProvinceOf(*county)}) {
    if (d == nullptr || gazetteer::IsPlaceholder(*d)) continue;
    wider->emplace_back(d->name);
  }
  if (township) own->emplace_back(county->name);
}

// Where the plans part (下一年度主要安排) runs: from its heading to the next
// part found after it, or the end. {0, 0} when the report has none.
std::pair<int64_t, int64_t> PlansPart(const fazhi::v1::ParsedReport& report, size_t text_size) {
  for (int i = 0; i < report.sections_size(); ++i) {
    if (report.sections(i).id() != fazhi::v1::SECTION_ID_PLANS) continue;
    int64_t end = static_cast<int64_t>(text_size);
    for (const auto& later : report.sections()) {
      if (later.start() > report.sections(i).start()) end = std::min(end, later.start());
    }
    return {report.sections(i).start(), end};
  }
  return {0, 0};
}

// Figures of next year's plans are targets, not what was done: they are
// neither an indicator's value nor its alternatives.
void DropPlannedFigures(std::pair<int64_t, int64_t> plans,
                        std::vector<fazhi::v1::Indicator>* indicators) {
  if (plans.second <= plans.first) return;
  auto planned = [&](const fazhi::v1::Indicator& i) {
    return i.evidence().start() >= plans.first && i.evidence().start() < plans.second;
  };
  std::vector<fazhi::v1::Indicator> kept;
  for (fazhi::v1::Indicator& indicator : *indicators) {
    std::vector<fazhi::v1::Indicator> statements;
    google::protobuf::RepeatedPtrField<fazhi::v1::Indicator> alternatives;
    alternatives.Swap(indicator.mutable_alternatives());
    statements.push_back(std::move(indicator));
    for (auto& a : alternatives) statements.push_back(std::move(a));
    fazhi::v1::Indicator* primary = nullptr;
    for (fazhi::v1::Indicator& statement : statements) {
      if (planned(statement)) continue;
      if (primary == nullptr) {
        primary = &statement;
      } else {
        *primary->add_alternatives() = std::move(statement);
      }
    }
    if (primary != nullptr) kept.push_back(std::move(*primary));
  }
  indicators->swap(kept);
}

}  // namespace

Extractor::Extractor(std::unique_ptr<CompiledCatalog> catalog,
                     const gazetteer::Gazetteer* gazetteer)
    : catalog_(std::move(catalog)),
      gazetteer_(gazetteer),
      version_(absl::StrCat("engine/", kEngineRevision, " catalog/", catalog_->version())) {}

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Create(
    const gazetteer::Gazetteer* gazetteer) {
  auto catalog = CompiledCatalog::Create(EmbeddedCatalogText(), EmbeddedPrecompiledCatalog());
  if (!catalog.ok()) return catalog.status();
  return FromCatalog(*std::move(catalog), gazetteer);
}

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::CreateWithCatalog(
    absl::string_view catalog_textproto, const gazetteer::Gazetteer* gazetteer) {
  auto catalog = CompiledCatalog::Create(catalog_textproto);
  if (!catalog.ok()) return catalog.status();
  return FromCatalog(*std::move(catalog), gazetteer);
}

std::unique_ptr<Extractor> Extractor::FromCatalog(std::unique_ptr<CompiledCatalog> catalog,
                                                  const gazetteer::Gazetteer* gazetteer) {
  return std::unique_ptr<Extractor>(new Extractor(std::move(catalog), gazetteer));
}

absl::StatusOr<fazhi::v1::ParsedReport> Extractor::Extract(const fazhi::v1::Document& document,
                                                           const ExtractOptions& options) const {
  if (gazetteer_ != nullptr) {
    if (absl::Status hint = gazetteer::CheckHint(*gazetteer_, document.region_hint()); !hint.ok()) {
      return hint;
    }
  }
  if (static_cast<int64_t>(document.content().size()) > options.max_document_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        document.source().empty() ? "document" : document.source(), ": ", document.content().size(),
        " bytes exceed the document limit of ", options.max_document_bytes, " bytes"));
  }
  absl::StatusOr<formats::ExtractedText> decoded = options.decode
                                                       ? options.decode(document.content())
                                                       : formats::ExtractText(document.content());
  if (!decoded.ok()) {
    return absl::Status(decoded.status().code(),
                        absl::StrCat(document.source().empty() ? "document" : document.source(),
                                     ": ", decoded.status().message()));
  }
  // Traditional pages are read as simplified; the conversion keeps every
  // byte offset, so evidence still points into the original text.
  absl::string_view readable = decoded->text;
  std::string simplified;
  bool traditional = text::LooksTraditional(readable);
  if (traditional) {
    absl::StatusOr<std::string> converted = text::ToSimplified(readable);
    if (converted.ok()) {
      simplified = *std::move(converted);
      readable = simplified;
    } else {
      decoded->warnings.emplace_back(converted.status().message());
      traditional = false;
    }
  }
  text::NormalizedText norm = text::Normalize(readable);

  fazhi::v1::ParsedReport report;
  report.set_report_id(ReportIdFor(document.content()));
  report.set_source(document.source());
  report.set_region_hint(document.region_hint());
  report.set_encoding(decoded->encoding);
  report.set_source_format(decoded->format);
  for (const std::string& w : decoded->warnings) report.add_warnings(w);
  if (traditional) report.add_warnings("traditional script: read as simplified (OpenCC t2s)");
  report.set_engine_version(version_);

  Metadata meta = ReadMetadata(norm.text, /*entity_by_pattern=*/gazetteer_ == nullptr);
  *report.mutable_entity() = meta.entity;
  if (gazetteer_ != nullptr) {
    // The gazetteer knows which names are places: it replaces the reading
    // by name patterns, which takes 立足全镇 or 不断规范街道 for names.
    std::optional<fazhi::v1::Entity> found = FindEntity(norm.text, *gazetteer_);
    fazhi::v1::Entity* e = report.mutable_entity();
    if (found.has_value()) {
      e->set_name(found->name());
      e->set_level(found->level());
      if (found->has_evidence()) *e->mutable_evidence() = found->evidence();
    }
  }
  if (report.entity().has_evidence()) {
    MapToOriginal(norm, report.mutable_entity()->mutable_evidence());
  } else {
    report.add_warnings("no reporting entity found in title, signature or body");
  }
  report.set_year(meta.year);
  if (meta.year == 0) report.add_warnings("year reported on not found");
  report.set_published(meta.published);

  if (gazetteer_ != nullptr) {
    *report.mutable_region() =
        gazetteer::ResolveRegion(*gazetteer_, report.entity(), norm.text, document.region_hint());
    if (!report.region().hint_conflict().empty()) {
      report.add_warnings(report.region().hint_conflict());
    }
    if (report.region().county_code().empty()) {
      report.add_warnings(report.region().candidates_size() > 1
                              ? "region ambiguous: the text does not decide between candidates"
                              : "region not found in the gazetteer");
    }
  } else {
    ApplyRegionHint(document.region_hint(), report.mutable_region());
  }

  for (fazhi::v1::Section& section : FindSections(norm.text)) {
    *report.add_sections() = std::move(section);
  }
  for (fazhi::v1::SectionId id : kMandatedSections) {
    bool present = false;
    for (const auto& s : report.sections()) present |= s.id() == id;
    if (!present) report.add_missing_sections(id);
  }

  ReportScope scope;
  scope.wider_scopes = WiderScopesOf(report.entity());
  scope.own_names = {report.entity().name()};
  if (gazetteer_ != nullptr && !scope.wider_scopes.empty()) {
    AddPlacesAbove(*gazetteer_, report, &scope.wider_scopes, &scope.own_names);
  }
  scope.upper_levels = UpperLevelsOf(report.entity());
  scope.year = report.year();
  absl::StatusOr<std::vector<fazhi::v1::Indicator>> indicators =
      FindIndicators(*catalog_, norm.text, scope);
  if (!indicators.ok()) return indicators.status();
  DropPlannedFigures(PlansPart(report, norm.text.size()), &*indicators);
  for (fazhi::v1::Indicator& indicator : *indicators) {
    MapToOriginal(norm, indicator.mutable_evidence());
    for (auto& alternative : *indicator.mutable_alternatives()) {
      MapToOriginal(norm, alternative.mutable_evidence());
    }
    *report.add_indicators() = std::move(indicator);
  }
  std::vector<fazhi::v1::Evidence*> evidence;
  if (report.entity().has_evidence())
    evidence.push_back(report.mutable_entity()->mutable_evidence());
  for (fazhi::v1::Indicator& indicator : *report.mutable_indicators()) {
    evidence.push_back(indicator.mutable_evidence());
    for (auto& alternative : *indicator.mutable_alternatives()) {
      evidence.push_back(alternative.mutable_evidence());
    }
  }
  SetParts(*decoded, evidence);
  SetSourceOffsets(document.content(), *decoded, evidence);
  SetCharOffsets(norm.text, std::move(evidence));
  // After the offsets: the contradicting figures are copied whole.
  for (auto& c : checks::Contradictions(report)) *report.add_contradictions() = std::move(c);
  for (uint64_t slot : text::TextFingerprint(norm.text)) report.add_text_fingerprint(slot);
  if (options.include_normalized_text) report.set_normalized_text(norm.text);
  return report;
}

}  // namespace fazhi::engine
