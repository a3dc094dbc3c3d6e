#include "services/aggregate/aggregate_service.h"

#include <algorithm>
#include <functional>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/status_macros.h"
#include "common/review/corrections.h"
#include "common/rpc/status.h"
#include "common/stats/county_stats.h"
#include "common/text/fingerprint.h"
#include "services/aggregate/aggregate_schema.h"

namespace fazhi::aggregate {
namespace {

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2100;
// Versions of a township's report that a put compares with, newest first.
constexpr size_t kCopyCandidates = 16;

absl::Status ValidateYear(int year, absl::string_view field) {
  if (year < kMinYear || year > kMaxYear) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " ", year, " is not a plausible report year (", kMinYear, "-", kMaxYear, ")"));
  }
  return absl::OkStatus();
}

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::Status ValidateCountyCode(absl::string_view code, const gazetteer::Gazetteer* gazetteer) {
  if (code.empty()) return absl::InvalidArgumentError("county_code is missing");
  if (code.size() != 6 || !AllDigits(code)) {
    return absl::InvalidArgumentError(
        absl::StrCat("county_code '", code, "' is not a 6-digit GB/T 2260 county code"));
  }
  // GB/T 2260 province codes.
  static constexpr int kProvinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                       35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                       53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
  int province = (code[0] - '0') * 10 + (code[1] - '0');
  bool known = false;
  for (int p : kProvinces) known |= p == province;
  if (!known || code.substr(2) == "0000") {
    return absl::InvalidArgumentError(absl::StrCat("county_code '", code,
                                                   "' is not a known county (no such province or a "
                                                   "province code)"));
  }
  if (gazetteer != nullptr) {
    const gazetteer::Division* county = gazetteer->Find(code);
    if (county == nullptr || county->level != gazetteer::Level::kCounty) {
      return absl::InvalidArgumentError(
          absl::StrCat("county_code '", code, "' is not a county in the gazetteer"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<fazhi::v1::PutReportResponse> AggregateService::Put(
    const fazhi::v1::ParsedReport& input) {
  if (input.report_id().empty()) {
    return absl::InvalidArgumentError("report.report_id is missing");
  }
  if (input.report_id().find('/') != std::string::npos) {
    return absl::InvalidArgumentError("report.report_id must not contain '/'");
  }
  RETURN_IF_ERROR(ValidateYear(input.year(), "report.year"));
  // A version order far ahead of this clock would make the report newest
  // for good; ingest's clock and ours differ by seconds, not a day.
  if (input.version_order() < 0 ||
      input.version_order() > absl::ToUnixMicros(absl::Now() + absl::Hours(24))) {
    return absl::InvalidArgumentError(
        absl::StrCat("report.version_order ", input.version_order(),
                     " is not a time in microseconds since the epoch up to a day from now"));
  }
  std::string county = CountyOf(input);
  if (county != kUnresolvedCounty) RETURN_IF_ERROR(ValidateCountyCode(county, gazetteer_));

  fazhi::v1::PutReportResponse response;
  response.set_county_code(county);

  // A redelivered copy answers as the first time.
  ASSIGN_OR_RETURN(auto alias, store_->Get(kReportsFamily, AliasKey(input.report_id())));
  if (alias.has_value()) {
    response.set_already_present(true);
    response.set_copy_of(*alias);
    return response;
  }
  ASSIGN_OR_RETURN(auto existing, store_->Get(kReportsFamily, ReportKey(input.report_id())));
  if (existing.has_value()) {
    fazhi::v1::ParsedReport stored;
    // The same report placed elsewhere (submitted again under another
    // region hint) or read by another engine (reprocessing): it replaces
    // the stored one. The same reading delivered again changes nothing.
    if (stored.ParseFromString(*existing) &&
        (CountyOf(stored) != county || TownshipKeyOf(stored) != TownshipKeyOf(input) ||
         stored.year() != input.year() || stored.engine_version() != input.engine_version())) {
      return Refile(stored, input);
    }
    response.set_already_present(true);
    return response;
  }
  // Puts for one township take turns, so that two copies arriving together
  // cannot both become versions.
  std::string township_key = TownshipKeyOf(input);
  absl::MutexLock township_lock(
      &township_locks_[std::hash<std::string>{}(county + township_key) % kTownshipLocks]);
  ASSIGN_OR_RETURN(std::optional<fazhi::v1::ParsedReport> canonical,
                   FindCopy(county, input, township_key));
  if (canonical.has_value()) {
    canonical->add_copies(input.source());
    rocksdb::WriteBatch batch;
    rocksdb::Status s = batch.Put(store_->Family(kReportsFamily), ReportKey(canonical->report_id()),
                                  canonical->SerializeAsString());
    if (s.ok()) {
      s = batch.Put(store_->Family(kReportsFamily), AliasKey(input.report_id()),
                    canonical->report_id());
    }
    if (!s.ok()) return store::FromRocks(s, "batch");
    RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
    response.set_copy_of(canonical->report_id());
    return response;
  }
  fazhi::v1::ParsedReport report = input;
  report.clear_normalized_text();
  rocksdb::WriteBatch batch;
  // The newest version by order supersedes the others, in whatever order
  // they arrive.
  if (report.version_order() == 0) report.set_version_order(arrival_clock_.Next());
  uint64_t seq = static_cast<uint64_t>(report.version_order());
  rocksdb::Status s = batch.Put(store_->Family(kReportsFamily), ReportKey(report.report_id()),
                                report.SerializeAsString());
  if (s.ok()) {
    s = batch.Put(store_->Family(kIndexFamily),
                  IndexKey(county, report.year(), TownshipKeyOf(report), report.report_id()),
                  EncodeSequence(seq));
  }
  if (s.ok()) {
    s = batch.Put(store_->Family(kIndexFamily),
                  YearIndexKey(county, report.year(), TownshipKeyOf(report), report.report_id()),
                  EncodeSequence(seq));
  }
  if (!s.ok()) return store::FromRocks(s, "batch");
  RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
  return response;
}

absl::StatusOr<fazhi::v1::PutReportResponse> AggregateService::Refile(
    const fazhi::v1::ParsedReport& stored, const fazhi::v1::ParsedReport& input) {
  fazhi::v1::ParsedReport report = input;
  report.clear_normalized_text();
  if (report.version_order() == 0) report.set_version_order(stored.version_order());
  for (const std::string& copy : stored.copies()) report.add_copies(copy);
  // The index follows the report as statistics see it: a reviewer's
  // placement outlives a new region hint.
  absl::MutexLock review_lock(&review_mutex_);
  ASSIGN_OR_RETURN(std::vector<fazhi::v1::Correction> corrections,
                   CorrectionsOf(stored.report_id()));
  const fazhi::v1::ParsedReport was = Seen(stored, corrections);
  const fazhi::v1::ParsedReport will_be = Seen(report, corrections);
  // Every correction stays; one whose field the new reading gives other
  // words or another value is flagged for a reviewer to look at again.
  std::vector<fazhi::v1::Correction> flagged;
  for (const fazhi::v1::Correction& c : corrections) {
    if (c.reverted() || c.needs_review()) continue;
    if (review::EvidenceQuote(report, c) != c.evidence_quote() ||
        review::ValueText(stored, c) != review::ValueText(report, c)) {
      flagged.push_back(c);
      flagged.back().set_needs_review(true);
    }
  }
  std::string county = CountyOf(will_be);
  std::string township = TownshipKeyOf(will_be);
  absl::MutexLock township_lock(
      &township_locks_[std::hash<std::string>{}(county + township) % kTownshipLocks]);
  std::string seq = EncodeSequence(static_cast<uint64_t>(report.version_order()));
  rocksdb::WriteBatch batch;
  std::string old_county = CountyOf(was);
  std::string old_township = TownshipKeyOf(was);
  rocksdb::Status s =
      batch.Delete(store_->Family(kIndexFamily),
                   IndexKey(old_county, stored.year(), old_township, stored.report_id()));
  if (s.ok()) {
    s = batch.Delete(store_->Family(kIndexFamily),
                     YearIndexKey(old_county, stored.year(), old_township, stored.report_id()));
  }
  if (s.ok()) {
    s = batch.Put(store_->Family(kReportsFamily), ReportKey(report.report_id()),
                  report.SerializeAsString());
  }
  if (s.ok()) {
    s = batch.Put(store_->Family(kIndexFamily),
                  IndexKey(county, report.year(), township, report.report_id()), seq);
  }
  if (s.ok()) {
    s = batch.Put(store_->Family(kIndexFamily),
                  YearIndexKey(county, report.year(), township, report.report_id()), seq);
  }
  for (const fazhi::v1::Correction& c : flagged) {
    if (!s.ok()) break;
    s = AddFlag(c, stored, report, will_be, &batch);
  }
  if (!s.ok()) return store::FromRocks(s, "batch");
  RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
  fazhi::v1::PutReportResponse response;
  response.set_county_code(county);
  return response;
}

namespace {

bool SameFigures(const fazhi::v1::ParsedReport& a, const fazhi::v1::ParsedReport& b) {
  std::map<std::string, double> figures;
  for (const auto& i : a.indicators()) figures[i.id()] = i.value();
  if (static_cast<int>(figures.size()) != b.indicators_size()) return false;
  for (const auto& i : b.indicators()) {
    auto it = figures.find(i.id());
    if (it == figures.end() || it->second != i.value()) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::optional<fazhi::v1::ParsedReport>> AggregateService::FindCopy(
    const std::string& county, const fazhi::v1::ParsedReport& report,
    const std::string& township_key) const {
  std::vector<uint64_t> fingerprint(report.text_fingerprint().begin(),
                                    report.text_fingerprint().end());
  std::optional<fazhi::v1::ParsedReport> copy_of;
  if (fingerprint.empty()) return copy_of;
  // The township's versions, newest first; only the newest few are read
  // whole, so that a put costs the same at the 2000th version as at the
  // first (a copy in another format comes soon after its original).
  std::vector<std::pair<uint64_t, std::string>> versions;
  RETURN_IF_ERROR(store_->Scan(kIndexFamily,
                               absl::StrCat(IndexPrefix(county, report.year()), township_key, "/"),
                               "", [&](absl::string_view key, absl::string_view value) {
                                 IndexEntry entry;
                                 if (ParseIndexKey(key, &entry)) {
                                   versions.emplace_back(DecodeSequence(value), entry.report_id);
                                 }
                                 return true;
                               }));
  std::sort(versions.begin(), versions.end(), std::greater<>());
  if (versions.size() > kCopyCandidates) versions.resize(kCopyCandidates);
  for (const auto& [order, id] : versions) {
    ASSIGN_OR_RETURN(auto bytes, store_->Get(kReportsFamily, ReportKey(id)));
    fazhi::v1::ParsedReport other;
    if (!bytes.has_value() || !other.ParseFromString(*bytes)) continue;
    std::vector<uint64_t> theirs(other.text_fingerprint().begin(), other.text_fingerprint().end());
    // A copy reads the same and states the same figures; a corrected
    // re-publication reads almost the same but changes figures, and is a
    // new version instead.
    if (text::FingerprintSimilarity(fingerprint, theirs) >= text::kCopySimilarity &&
        SameFigures(report, other)) {
      copy_of = std::move(other);
      break;
    }
  }
  return copy_of;
}

absl::StatusOr<std::map<std::string, std::vector<fazhi::v1::ParsedReport>>>
AggregateService::LatestByCounty(absl::string_view index_prefix) const {
  // The newest report of each township replaces older versions.
  struct Latest {
    uint64_t seq = 0;
    std::string report_id;
  };
  std::map<std::string, std::map<std::string, Latest>> latest;  // county -> township
  RETURN_IF_ERROR(store_->Scan(kIndexFamily, index_prefix, "",
                               [&](absl::string_view key, absl::string_view value) {
                                 IndexEntry entry;
                                 if (!ParseIndexKey(key, &entry)) return true;
                                 Latest& l = latest[entry.county][entry.township_key];
                                 uint64_t seq = DecodeSequence(value);
                                 if (seq >= l.seq) l = {seq, entry.report_id};
                                 return true;
                               }));
  std::map<std::string, std::vector<fazhi::v1::ParsedReport>> out;
  for (const auto& [county, townships] : latest) {
    std::vector<fazhi::v1::ParsedReport>& reports = out[county];
    for (const auto& [township, l] : townships) {
      ASSIGN_OR_RETURN(auto bytes, store_->Get(kReportsFamily, ReportKey(l.report_id)));
      if (!bytes.has_value()) {
        return absl::DataLossError(
            absl::StrCat("index names report ", l.report_id, " which is not stored"));
      }
      fazhi::v1::ParsedReport report;
      if (!report.ParseFromString(*bytes)) {
        return absl::DataLossError(absl::StrCat("stored report ", l.report_id, " is corrupt"));
      }
      // Statistics use the reviewers' values.
      ASSIGN_OR_RETURN(fazhi::v1::ParsedReport seen, AsSeen(report));
      reports.push_back(std::move(seen));
    }
  }
  return out;
}

fazhi::v1::CountyStats AggregateService::StatsOf(
    absl::string_view county, int year, const std::vector<fazhi::v1::ParsedReport>& reports) const {
  const gazetteer::Division* division = gazetteer_ ? gazetteer_->Find(county) : nullptr;
  if (division == nullptr) return stats::ComputeCountyStats(std::string(county), year, reports);
  stats::CountyRoster roster;
  roster.county_name = std::string(division->name);
  for (const gazetteer::Division* t : gazetteer_->TownshipsOf(county)) {
    roster.townships.emplace_back(t->code, t->name);
  }
  return stats::ComputeCountyStats(std::string(county), year, reports, &roster);
}

absl::StatusOr<fazhi::v1::CountyStats> AggregateService::CountyStats(absl::string_view county,
                                                                     int year) {
  RETURN_IF_ERROR(ValidateCountyCode(county, gazetteer_));
  RETURN_IF_ERROR(ValidateYear(year, "year"));
  ASSIGN_OR_RETURN(auto by_county, LatestByCounty(IndexPrefix(county, year)));
  return StatsOf(county, year, by_county[std::string(county)]);
}

absl::StatusOr<fazhi::v1::YearComparison> AggregateService::Compare(absl::string_view county,
                                                                    int year_a, int year_b) {
  RETURN_IF_ERROR(ValidateCountyCode(county, gazetteer_));
  RETURN_IF_ERROR(ValidateYear(year_a, "year_a"));
  RETURN_IF_ERROR(ValidateYear(year_b, "year_b"));
  if (year_a == year_b) {
    return absl::InvalidArgumentError("year_a and year_b are the same year");
  }
  ASSIGN_OR_RETURN(auto a, LatestByCounty(IndexPrefix(county, year_a)));
  ASSIGN_OR_RETURN(auto b, LatestByCounty(IndexPrefix(county, year_b)));
  std::string key(county);
  fazhi::v1::YearComparison out = stats::CompareYears(key, year_a, a[key], year_b, b[key]);
  if (gazetteer_ != nullptr) out.set_county_name(std::string(gazetteer_->Find(county)->name));
  return out;
}

absl::StatusOr<fazhi::v1::Rollup> AggregateService::Rollup(absl::string_view prefix, int year) {
  if ((prefix.size() != 2 && prefix.size() != 4) || !AllDigits(prefix)) {
    return absl::InvalidArgumentError(
        absl::StrCat("code_prefix '", prefix, "' is not a 2-digit province or 4-digit city code"));
  }
  RETURN_IF_ERROR(ValidateYear(year, "year"));
  fazhi::v1::Rollup out;
  out.set_code_prefix(std::string(prefix));
  out.set_year(year);
  std::vector<std::string> counties;
  if (gazetteer_ != nullptr) {
    const gazetteer::Division* area = gazetteer_->Find(prefix);
    if (area == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("code_prefix '", prefix, "' is not a province or city in the gazetteer"));
    }
    out.set_name(std::string(area->name));
    for (const gazetteer::Division* c : gazetteer_->CountiesUnder(prefix)) {
      counties.emplace_back(c->code);
    }
  }
  ASSIGN_OR_RETURN(auto by_county, LatestByCounty(YearIndexPrefix(year, prefix)));
  for (const auto& [county, reports] : by_county) {
    if (std::find(counties.begin(), counties.end(), county) == counties.end()) {
      counties.push_back(county);
    }
  }
  std::sort(counties.begin(), counties.end());
  out.set_counties_total(static_cast<int>(counties.size()));
  std::vector<const fazhi::v1::ParsedReport*> all;
  for (const std::string& county : counties) {
    const std::vector<fazhi::v1::ParsedReport>& reports = by_county[county];
    fazhi::v1::CountyStats row = StatsOf(county, year, reports);
    row.clear_reports();
    out.set_townships_total(out.townships_total() + row.townships_total());
    out.set_reports_received(out.reports_received() + row.reports_received());
    if (!reports.empty()) out.set_counties_reporting(out.counties_reporting() + 1);
    *out.add_counties() = std::move(row);
    for (const auto& r : reports) all.push_back(&r);
  }
  for (auto& s : stats::SummariseIndicators(all)) *out.add_indicators() = std::move(s);
  for (auto& r : stats::ComputeRates(all)) *out.add_rates() = std::move(r);
  return out;
}

absl::StatusOr<fazhi::v1::ListReportsResponse> AggregateService::List(
    const fazhi::v1::ListReportsRequest& request) {
  if (request.county_code() != kUnresolvedCounty) {
    RETURN_IF_ERROR(ValidateCountyCode(request.county_code(), gazetteer_));
  }
  if (request.year() != 0) RETURN_IF_ERROR(ValidateYear(request.year(), "year"));
  if (request.page_size() < 0) {
    return absl::InvalidArgumentError("page_size must not be negative");
  }
  int page_size = request.page_size() == 0 ? 100 : std::min(request.page_size(), 1000);
  std::string prefix = IndexPrefix(request.county_code(), request.year());
  if (!request.township().empty()) {
    if (request.year() == 0) {
      return absl::InvalidArgumentError("a township filter needs a year");
    }
    if (request.township().find('/') != std::string::npos) {
      return absl::InvalidArgumentError("township must not contain '/'");
    }
    absl::StrAppend(&prefix, request.township(), "/");
  }
  if (!request.page_token().empty() && request.page_token().rfind(prefix, 0) != 0) {
    return absl::InvalidArgumentError("page_token does not belong to this listing");
  }
  fazhi::v1::ListReportsResponse response;
  std::vector<IndexEntry> entries;
  std::string last_key;
  bool more = false;
  RETURN_IF_ERROR(store_->Scan(kIndexFamily, prefix, request.page_token(),
                               [&](absl::string_view key, absl::string_view) {
                                 if (static_cast<int>(entries.size()) == page_size) {
                                   more = true;
                                   return false;
                                 }
                                 IndexEntry entry;
                                 if (ParseIndexKey(key, &entry)) {
                                   entries.push_back(entry);
                                   last_key = std::string(key);
                                 }
                                 return true;
                               }));
  for (const IndexEntry& entry : entries) {
    ASSIGN_OR_RETURN(auto bytes, store_->Get(kReportsFamily, ReportKey(entry.report_id)));
    fazhi::v1::ParsedReport extracted;
    if (!bytes.has_value() || !extracted.ParseFromString(*bytes)) continue;
    ASSIGN_OR_RETURN(fazhi::v1::ParsedReport report, AsSeen(extracted));
    auto* summary = response.add_reports();
    summary->set_report_id(report.report_id());
    summary->set_source(report.source());
    summary->set_entity_name(report.entity().name());
    summary->set_entity_level(report.entity().level());
    summary->set_year(report.year());
    summary->set_county_code(entry.county);
    summary->set_township_code(report.region().township_code());
    summary->set_indicator_count(report.indicators_size());
    for (const std::string& copy : report.copies()) summary->add_copies(copy);
    summary->set_engine_version(report.engine_version());
    summary->set_corrections(report.corrections_size());
    for (int id : report.missing_sections()) {
      summary->add_missing_sections(static_cast<fazhi::v1::SectionId>(id));
    }
    // Superseded when the same township and year has a newer entry.
    ASSIGN_OR_RETURN(auto own_seq,
                     store_->Get(kIndexFamily, IndexKey(entry.county, entry.year,
                                                        entry.township_key, entry.report_id)));
    uint64_t seq = own_seq.has_value() ? DecodeSequence(*own_seq) : 0;
    bool newer = false;
    RETURN_IF_ERROR(store_->Scan(
        kIndexFamily, absl::StrCat(IndexPrefix(entry.county, entry.year), entry.township_key, "/"),
        "", [&](absl::string_view, absl::string_view value) {
          newer |= DecodeSequence(value) > seq;
          return !newer;
        }));
    summary->set_superseded(newer);
  }
  if (more) response.set_next_page_token(last_key);
  return response;
}

grpc::Status AggregateService::PutReport(grpc::ServerContext* context,
                                         const fazhi::v1::PutReportRequest* request,
                                         fazhi::v1::PutReportResponse* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kPeer); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  if (!request->has_report()) {
    return rpc::ToGrpc(absl::InvalidArgumentError("PutReportRequest.report is missing"));
  }
  auto result = Put(request->report());
  if (!result.ok()) return rpc::ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status AggregateService::GetCountyStats(grpc::ServerContext* context,
                                              const fazhi::v1::GetCountyStatsRequest* request,
                                              fazhi::v1::CountyStats* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kRead); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  auto result = CountyStats(request->county_code(), request->year());
  if (!result.ok()) return rpc::ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status AggregateService::ListReports(grpc::ServerContext* context,
                                           const fazhi::v1::ListReportsRequest* request,
                                           fazhi::v1::ListReportsResponse* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kRead); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  auto result = List(*request);
  if (!result.ok()) return rpc::ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status AggregateService::CompareYears(grpc::ServerContext* context,
                                            const fazhi::v1::CompareYearsRequest* request,
                                            fazhi::v1::YearComparison* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kRead); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  auto result = Compare(request->county_code(), request->year_a(), request->year_b());
  if (!result.ok()) return rpc::ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status AggregateService::GetRollup(grpc::ServerContext* context,
                                         const fazhi::v1::GetRollupRequest* request,
                                         fazhi::v1::Rollup* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kRead); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  auto result = Rollup(request->code_prefix(), request->year());
  if (!result.ok()) return rpc::ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace fazhi::aggregate
