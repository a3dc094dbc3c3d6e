// On-disk schema of the aggregate store (RocksDB). Key layouts never change
// meaning; a new layout gets a new prefix.
//
// Column family "reports":
//   "r/" report_id                  -> fazhi.v1.ParsedReport (serialized,
//                                      normalized_text cleared)
//   "a/" report_id                  -> canonical report_id: this report was
//                                      recognised as another copy of it
// Column family "index" (one range read per county and year):
//   "c/" county "/" year4 "/" township_key "/" report_id
//                                    -> seq: 8-byte big-endian put order
//   county is the 6-digit code, or "unresolved"; township_key is the
//   9-digit township code, or the entity name while none is known.
//   "y/" year4 "/" county "/" township_key "/" report_id
//                                    -> seq (the same entry by year first:
//                                       a province or city roll-up for a
//                                       year is one range read)
//   Index entries follow a report as statistics see it: a reviewer's
//   county, township or entity correction moves them.
// Column family "review" (reviewers' corrections, beside the extraction):
//   "x/" report_id "/" seq16        -> fazhi.v1.Correction (current state;
//                                      a reverted one stays, marked)
//   "l/" county "/" year4 "/" seq16 -> fazhi.v1.AuditEntry (a county's
//                                      audit, in time order)
//   "m/" report_id "/" seq16        -> fazhi.v1.AuditEntry (a report's)
//   "k/review_clock"                -> seq: 8-byte big-endian, the last seq16
//                                      handed out (written in each review
//                                      batch), so that a clock set back
//                                      after a restart never reuses a key
//   seq16 is 16 decimal digits: microseconds since the epoch, strictly
//   increasing; correction_id is report_id "/" seq16.
#ifndef FAZHI_SERVICES_AGGREGATE_AGGREGATE_SCHEMA_H_
#define FAZHI_SERVICES_AGGREGATE_AGGREGATE_SCHEMA_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::aggregate {

inline constexpr char kReportsFamily[] = "reports";
inline constexpr char kIndexFamily[] = "index";
inline constexpr char kReviewFamily[] = "review";
inline constexpr char kUnresolvedCounty[] = "unresolved";

std::string ReportKey(absl::string_view report_id);
std::string AliasKey(absl::string_view report_id);

// Where a report is filed: its county, or kUnresolvedCounty.
std::string CountyOf(const fazhi::v1::ParsedReport& report);
std::string TownshipKeyOf(const fazhi::v1::ParsedReport& report);

std::string IndexKey(absl::string_view county, int year, absl::string_view township_key,
                     absl::string_view report_id);
// Prefix of every index key of a county (year 0) or of a county and year.
std::string IndexPrefix(absl::string_view county, int year);
// The year-first twin of IndexKey, and the prefix of a year and a code
// prefix ("33", "3301", "330102").
std::string YearIndexKey(absl::string_view county, int year, absl::string_view township_key,
                         absl::string_view report_id);
std::string YearIndexPrefix(int year, absl::string_view code_prefix);

struct IndexEntry {
  std::string county;
  int year = 0;
  std::string township_key;
  std::string report_id;
};
// False when `key` is not an index key (of either kind).
bool ParseIndexKey(absl::string_view key, IndexEntry* entry);

inline constexpr char kReviewClockKey[] = "k/review_clock";
std::string CorrectionKey(absl::string_view correction_id);
std::string CorrectionPrefix(absl::string_view report_id);
std::string CountyAuditKey(absl::string_view county, int year, int64_t seq);
std::string CountyAuditPrefix(absl::string_view county, int year);
std::string ReportAuditKey(absl::string_view report_id, int64_t seq);
std::string ReportAuditPrefix(absl::string_view report_id);
std::string CorrectionId(absl::string_view report_id, int64_t seq);

std::string EncodeSequence(uint64_t seq);
uint64_t DecodeSequence(absl::string_view value);

}  // namespace fazhi::aggregate

#endif  // FAZHI_SERVICES_AGGREGATE_AGGREGATE_SCHEMA_H_
