#include "services/aggregate/aggregate_schema.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace fazhi::aggregate {

std::string ReportKey(absl::string_view report_id) { return absl::StrCat("r/", report_id); }

std::string AliasKey(absl::string_view report_id) { return absl::StrCat("a/", report_id); }

std::string CountyOf(const fazhi::v1::ParsedReport& report) {
  const std::string& county = report.region().county_code();
  return county.empty() ? kUnresolvedCounty : county;
}

std::string TownshipKeyOf(const fazhi::v1::ParsedReport& report) {
  if (!report.region().township_code().empty()) return report.region().township_code();
  if (!report.entity().name().empty()) {
    return absl::StrReplaceAll(report.entity().name(), {{"/", "_"}});
  }
  // No name either: the report stands alone.
  return absl::StrCat("?", report.report_id());
}

std::string IndexKey(absl::string_view county, int year, absl::string_view township_key,
                     absl::string_view report_id) {
  return absl::StrFormat("c/%s/%04d/%s/%s", county, year, township_key, report_id);
}

std::string IndexPrefix(absl::string_view county, int year) {
  if (year == 0) return absl::StrCat("c/", county, "/");
  return absl::StrFormat("c/%s/%04d/", county, year);
}

std::string YearIndexKey(absl::string_view county, int year, absl::string_view township_key,
                         absl::string_view report_id) {
  return absl::StrFormat("y/%04d/%s/%s/%s", year, county, township_key, report_id);
}

std::string YearIndexPrefix(int year, absl::string_view code_prefix) {
  return absl::StrFormat("y/%04d/%s", year, code_prefix);
}

bool ParseIndexKey(absl::string_view key, IndexEntry* entry) {
  std::vector<absl::string_view> parts = absl::StrSplit(key, '/');
  // Township keys are names or codes and never contain '/'.
  if (parts.size() != 5 || (parts[0] != "c" && parts[0] != "y")) return false;
  bool year_first = parts[0] == "y";
  if (!absl::SimpleAtoi(parts[year_first ? 1 : 2], &entry->year)) return false;
  entry->county = std::string(parts[year_first ? 2 : 1]);
  entry->township_key = std::string(parts[3]);
  entry->report_id = std::string(parts[4]);
  return true;
}

std::string CorrectionKey(absl::string_view correction_id) {
  return absl::StrCat("x/", correction_id);
}

std::string CorrectionPrefix(absl::string_view report_id) {
  return absl::StrCat("x/", report_id, "/");
}

std::string CountyAuditKey(absl::string_view county, int year, int64_t seq) {
  return absl::StrFormat("l/%s/%04d/%016d", county, year, seq);
}

std::string CountyAuditPrefix(absl::string_view county, int year) {
  return absl::StrFormat("l/%s/%04d/", county, year);
}

std::string ReportAuditKey(absl::string_view report_id, int64_t seq) {
  return absl::StrFormat("m/%s/%016d", report_id, seq);
}

std::string ReportAuditPrefix(absl::string_view report_id) {
  return absl::StrCat("m/", report_id, "/");
}

std::string CorrectionId(absl::string_view report_id, int64_t seq) {
  return absl::StrFormat("%s/%016d", report_id, seq);
}

std::string EncodeSequence(uint64_t seq) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(seq & 0xFF);
    seq >>= 8;
  }
  return out;
}

uint64_t DecodeSequence(absl::string_view value) {
  uint64_t seq = 0;
  for (size_t i = 0; i < value.size() && i < 8; ++i) {
    seq = (seq << 8) | static_cast<unsigned char>(value[i]);
  }
  return seq;
}

}  // namespace fazhi::aggregate
