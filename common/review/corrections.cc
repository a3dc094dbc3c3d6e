#include "common/review/corrections.h"

#include <cmath>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/checks/cross_checks.h"
#include "common/text/utf8.h"

namespace fazhi::review {
namespace {

using fazhi::v1::Correction;

constexpr size_t kMaxReasonBytes = 2000;
constexpr size_t kMaxNameBytes = 200;
constexpr double kMaxValue = 1e13;  // above any count or sum of yuan a report states

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

absl::Status CheckText(absl::string_view value, absl::string_view field, size_t max_bytes,
                       bool required) {
  if (required && absl::StripAsciiWhitespace(value).empty()) {
    return absl::InvalidArgumentError(absl::StrCat("correction.", field, " is missing"));
  }
  if (value.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("correction.", field, " is longer than ", max_bytes, " bytes"));
  }
  if (text::FirstInvalidUtf8(value) != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("correction.", field, " is not valid UTF-8"));
  }
  return absl::OkStatus();
}

// Catalog ids: lower-case words joined by '_'.
bool IsIndicatorId(absl::string_view id) {
  if (id.empty() || id.size() > 64 || !absl::ascii_islower(static_cast<unsigned char>(id[0]))) {
    return false;
  }
  for (char c : id) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

std::string Number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return absl::StrFormat("%.0f", v);
  return absl::StrFormat("%g", v);
}

std::string IndicatorText(const fazhi::v1::Indicator& i) {
  const char* mark = "";
  switch (i.qualifier()) {
    case fazhi::v1::QUALIFIER_AT_LEAST:
      mark = "≥";
      break;
    case fazhi::v1::QUALIFIER_APPROX:
      mark = "≈";
      break;
    default:
      break;
  }
  std::string value = absl::StrCat(mark, Number(i.value()));
  if (i.qualifier() == fazhi::v1::QUALIFIER_RANGE)
    absl::StrAppend(&value, "-", Number(i.value_max()));
  return i.unit().empty() ? value : absl::StrCat(value, " ", i.unit());
}

const fazhi::v1::Indicator* FindIndicator(const fazhi::v1::ParsedReport& report,
                                          absl::string_view id) {
  for (const auto& i : report.indicators()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

}  // namespace

absl::Status CheckReasonAndReviewer(absl::string_view reason, absl::string_view reviewer) {
  if (absl::Status s = CheckText(reason, "reason", kMaxReasonBytes, /*required=*/true); !s.ok()) {
    return s;
  }
  return CheckText(reviewer, "reviewer", kMaxNameBytes, /*required=*/false);
}

absl::Status Validate(Correction* c) {
  if (c->report_id().empty()) return absl::InvalidArgumentError("correction.report_id is missing");
  if (c->report_id().find('/') != std::string::npos) {
    return absl::InvalidArgumentError("correction.report_id must not contain '/'");
  }
  if (absl::Status s = CheckReasonAndReviewer(c->reason(), c->reviewer()); !s.ok()) return s;
  Correction kept;
  kept.set_report_id(c->report_id());
  kept.set_kind(c->kind());
  kept.set_reviewer(c->reviewer());
  kept.set_reason(c->reason());
  switch (c->kind()) {
    case fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE:
      if (!std::isfinite(c->value()) || c->value() < 0 || c->value() > kMaxValue) {
        return absl::InvalidArgumentError(absl::StrCat(
            "correction.value ", c->value(), " is not a figure a report states (0 to 1e13)"));
      }
      if (absl::Status s = CheckText(c->unit(), "unit", 16, false); !s.ok()) return s;
      kept.set_value(c->value());
      kept.set_unit(c->unit());
      [[fallthrough]];
    case fazhi::v1::CORRECTION_KIND_INDICATOR_DROP:
      if (!IsIndicatorId(c->indicator_id())) {
        return absl::InvalidArgumentError(
            absl::StrCat("correction.indicator_id '", c->indicator_id(),
                         "' is not an indicator id (lower-case words joined by '_')"));
      }
      kept.set_indicator_id(c->indicator_id());
      break;
    case fazhi::v1::CORRECTION_KIND_ENTITY:
      if (absl::Status s = CheckText(c->entity_name(), "entity_name", kMaxNameBytes, true);
          !s.ok()) {
        return s;
      }
      if (c->entity_name().find('\n') != std::string::npos) {
        return absl::InvalidArgumentError("correction.entity_name must be one line");
      }
      kept.set_entity_name(std::string(absl::StripAsciiWhitespace(c->entity_name())));
      kept.set_entity_level(c->entity_level());
      break;
    case fazhi::v1::CORRECTION_KIND_COUNTY:
      if (c->county_code().size() != 6 || !AllDigits(c->county_code())) {
        return absl::InvalidArgumentError(absl::StrCat("correction.county_code '", c->county_code(),
                                                       "' is not a 6-digit county code"));
      }
      kept.set_county_code(c->county_code());
      break;
    case fazhi::v1::CORRECTION_KIND_TOWNSHIP:
      if (c->township_code().size() != 9 || !AllDigits(c->township_code())) {
        return absl::InvalidArgumentError(absl::StrCat(
            "correction.township_code '", c->township_code(), "' is not a 9-digit township code"));
      }
      kept.set_township_code(c->township_code());
      kept.set_county_code(c->township_code().substr(0, 6));
      break;
    default:
      return absl::InvalidArgumentError(
          "correction.kind is missing: INDICATOR_VALUE, INDICATOR_DROP, ENTITY, COUNTY or "
          "TOWNSHIP");
  }
  *c = std::move(kept);
  return absl::OkStatus();
}

fazhi::v1::ParsedReport Apply(const fazhi::v1::ParsedReport& extracted,
                              const std::vector<Correction>& corrections) {
  fazhi::v1::ParsedReport report = extracted;
  report.clear_corrections();
  // Dropped figures, by id, so that a later value correction of the same
  // id still knows what extraction read.
  std::map<std::string, fazhi::v1::Indicator> dropped;
  auto find = [&](const std::string& id) -> fazhi::v1::Indicator* {
    for (auto& i : *report.mutable_indicators()) {
      if (i.id() == id) return &i;
    }
    return nullptr;
  };
  bool touched_figures = false;
  for (const Correction& c : corrections) {
    if (c.reverted()) continue;
    switch (c.kind()) {
      case fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE: {
        fazhi::v1::Indicator* i = find(c.indicator_id());
        if (i == nullptr) {
          auto it = dropped.find(c.indicator_id());
          i = report.add_indicators();
          if (it != dropped.end()) {
            *i = std::move(it->second);
            dropped.erase(it);
          } else {
            i->set_id(c.indicator_id());
            i->set_added(true);
          }
        }
        if (!i->corrected() && !i->added()) i->set_extracted_value(i->value());
        i->set_corrected(true);
        i->set_correction_id(c.correction_id());
        i->set_value(c.value());
        i->set_value_max(0);
        i->set_qualifier(fazhi::v1::QUALIFIER_EXACT);
        if (!c.unit().empty()) i->set_unit(c.unit());
        touched_figures = true;
        break;
      }
      case fazhi::v1::CORRECTION_KIND_INDICATOR_DROP: {
        auto* list = report.mutable_indicators();
        for (int k = 0; k < list->size(); ++k) {
          if (list->Get(k).id() != c.indicator_id()) continue;
          dropped[c.indicator_id()] = list->Get(k);
          list->erase(list->begin() + k);
          break;
        }
        touched_figures = true;
        break;
      }
      case fazhi::v1::CORRECTION_KIND_ENTITY:
        report.mutable_entity()->set_name(c.entity_name());
        if (c.entity_level() != fazhi::v1::ENTITY_LEVEL_UNSPECIFIED) {
          report.mutable_entity()->set_level(c.entity_level());
        }
        // The extracted words name another entity.
        report.mutable_entity()->clear_evidence();
        break;
      case fazhi::v1::CORRECTION_KIND_COUNTY: {
        fazhi::v1::Region* region = report.mutable_region();
        if (region->county_code() != c.county_code()) region->clear_county_name();
        region->set_county_code(c.county_code());
        if (region->township_code().rfind(c.county_code(), 0) != 0) region->clear_township_code();
        region->set_method("correction");
        region->set_confidence(1.0);
        region->clear_candidates();
        break;
      }
      case fazhi::v1::CORRECTION_KIND_TOWNSHIP: {
        fazhi::v1::Region* region = report.mutable_region();
        if (region->county_code() != c.county_code()) region->clear_county_name();
        region->set_county_code(c.county_code());
        region->set_township_code(c.township_code());
        region->set_method("correction");
        region->set_confidence(1.0);
        region->clear_candidates();
        break;
      }
      default:
        continue;
    }
    *report.add_corrections() = c;
  }
  if (touched_figures) {
    report.clear_contradictions();
    for (auto& contradiction : checks::Contradictions(report)) {
      *report.add_contradictions() = std::move(contradiction);
    }
  }
  return report;
}

std::string FieldOf(const Correction& c) {
  switch (c.kind()) {
    case fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE:
    case fazhi::v1::CORRECTION_KIND_INDICATOR_DROP:
      return absl::StrCat("indicator:", c.indicator_id());
    case fazhi::v1::CORRECTION_KIND_ENTITY:
      return "entity";
    case fazhi::v1::CORRECTION_KIND_COUNTY:
      return "county";
    case fazhi::v1::CORRECTION_KIND_TOWNSHIP:
      return "township";
    default:
      return "?";
  }
}

std::string ValueText(const fazhi::v1::ParsedReport& report, const Correction& c) {
  auto or_none = [](const std::string& s) { return s.empty() ? std::string("(none)") : s; };
  switch (c.kind()) {
    case fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE:
    case fazhi::v1::CORRECTION_KIND_INDICATOR_DROP: {
      const fazhi::v1::Indicator* i = FindIndicator(report, c.indicator_id());
      return i == nullptr ? "(none)" : IndicatorText(*i);
    }
    case fazhi::v1::CORRECTION_KIND_ENTITY:
      return or_none(report.entity().name());
    case fazhi::v1::CORRECTION_KIND_COUNTY:
      return or_none(report.region().county_code());
    case fazhi::v1::CORRECTION_KIND_TOWNSHIP:
      return or_none(report.region().township_code());
    default:
      return "?";
  }
}

std::string EvidenceQuote(const fazhi::v1::ParsedReport& report, const Correction& c) {
  switch (c.kind()) {
    case fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE:
    case fazhi::v1::CORRECTION_KIND_INDICATOR_DROP: {
      const fazhi::v1::Indicator* i = FindIndicator(report, c.indicator_id());
      return i == nullptr ? "" : i->evidence().quote();
    }
    case fazhi::v1::CORRECTION_KIND_ENTITY:
      return report.entity().evidence().quote();
    default:
      return "";
  }
}

}  // namespace fazhi::review
