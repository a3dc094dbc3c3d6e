// AggregateService's review operations: corrections laid over stored
// extractions, their reverts, and the audit of both (schema in
// aggregate_schema.h, the overlay itself in common/review).
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/status_macros.h"
#include "common/review/corrections.h"
#include "common/rpc/status.h"
#include "services/aggregate/aggregate_schema.h"
#include "services/aggregate/aggregate_service.h"

namespace fazhi::aggregate {
namespace {

constexpr int kDefaultAuditPage = 100;
constexpr int kMaxAuditPage = 1000;

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

std::string Rfc3339(int64_t unix_ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromUnixMillis(unix_ms),
                          absl::UTCTimeZone());
}

bool SamePlace(const fazhi::v1::ParsedReport& a, const fazhi::v1::ParsedReport& b) {
  return CountyOf(a) == CountyOf(b) && TownshipKeyOf(a) == TownshipKeyOf(b) && a.year() == b.year();
}

}  // namespace

absl::StatusOr<fazhi::v1::ParsedReport> AggregateService::LoadExtracted(
    const std::string& report_id) const {
  if (report_id.empty()) return absl::InvalidArgumentError("report_id is missing");
  if (report_id.find('/') != std::string::npos) {
    return absl::InvalidArgumentError("report_id must not contain '/'");
  }
  ASSIGN_OR_RETURN(auto alias, store_->Get(kReportsFamily, AliasKey(report_id)));
  if (alias.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat("report ", report_id, " is a copy of ",
                                                      *alias, ": review that report instead"));
  }
  ASSIGN_OR_RETURN(auto bytes, store_->Get(kReportsFamily, ReportKey(report_id)));
  if (!bytes.has_value()) {
    return absl::NotFoundError(absl::StrCat("no report ", report_id, " is stored"));
  }
  fazhi::v1::ParsedReport report;
  if (!report.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("stored report ", report_id, " is corrupt"));
  }
  return report;
}

absl::StatusOr<std::vector<fazhi::v1::Correction>> AggregateService::CorrectionsOf(
    const std::string& report_id) const {
  std::vector<fazhi::v1::Correction> out;
  bool corrupt = false;
  RETURN_IF_ERROR(
      store_->Scan(kReviewFamily, CorrectionPrefix(report_id), "",
                   [&](absl::string_view, absl::string_view value) {
                     fazhi::v1::Correction c;
                     if (!c.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
                       corrupt = true;
                       return false;
                     }
                     out.push_back(std::move(c));
                     return true;
                   }));
  if (corrupt) {
    return absl::DataLossError(absl::StrCat("a stored correction of ", report_id, " is corrupt"));
  }
  return out;
}

fazhi::v1::ParsedReport AggregateService::Seen(
    const fazhi::v1::ParsedReport& extracted,
    const std::vector<fazhi::v1::Correction>& corrections) const {
  if (corrections.empty()) return extracted;
  fazhi::v1::ParsedReport seen = review::Apply(extracted, corrections);
  if (gazetteer_ != nullptr && seen.region().method() == "correction") {
    if (const gazetteer::Division* county = gazetteer_->Find(seen.region().county_code())) {
      seen.mutable_region()->set_county_name(std::string(county->name));
    }
  }
  return seen;
}

absl::StatusOr<fazhi::v1::ParsedReport> AggregateService::AsSeen(
    const fazhi::v1::ParsedReport& extracted) const {
  ASSIGN_OR_RETURN(std::vector<fazhi::v1::Correction> corrections,
                   CorrectionsOf(extracted.report_id()));
  return Seen(extracted, corrections);
}

absl::Status AggregateService::RecoverClocks() {
  ASSIGN_OR_RETURN(std::optional<std::string> last, store_->Get(kReviewFamily, kReviewClockKey));
  if (last.has_value()) {
    review_clock_.Observe(static_cast<int64_t>(DecodeSequence(*last)));
    return absl::OkStatus();
  }
  // A store written before the clock was kept: its corrections' ids end in
  // their sequence, and every audit entry shares its correction's or a
  // later one's (a flag or a revert).
  int64_t highest = 0;
  for (absl::string_view prefix : {"x/", "m/"}) {
    RETURN_IF_ERROR(
        store_->Scan(kReviewFamily, prefix, "", [&](absl::string_view key, absl::string_view) {
          int64_t seq = 0;
          if (absl::SimpleAtoi(key.substr(key.rfind('/') + 1), &seq)) {
            highest = std::max(highest, seq);
          }
          return true;
        }));
  }
  review_clock_.Observe(highest);
  return absl::OkStatus();
}

absl::Status AggregateService::WriteReview(const fazhi::v1::Correction& correction,
                                           const fazhi::v1::AuditEntry& entry,
                                           const fazhi::v1::ParsedReport& before,
                                           const fazhi::v1::ParsedReport& after) {
  const int64_t seq = review_clock_.Next();
  rocksdb::WriteBatch batch;
  rocksdb::ColumnFamilyHandle* review = store_->Family(kReviewFamily);
  rocksdb::ColumnFamilyHandle* index = store_->Family(kIndexFamily);
  const std::string audit = entry.SerializeAsString();
  rocksdb::Status s =
      batch.Put(review, CorrectionKey(correction.correction_id()), correction.SerializeAsString());
  if (s.ok()) s = batch.Put(review, ReportAuditKey(correction.report_id(), seq), audit);
  if (s.ok()) s = batch.Put(review, CountyAuditKey(CountyOf(after), after.year(), seq), audit);
  if (s.ok()) s = batch.Put(review, kReviewClockKey, EncodeSequence(static_cast<uint64_t>(seq)));
  // A report moved to another county is in both counties' audits.
  if (s.ok() && CountyOf(before) != CountyOf(after)) {
    s = batch.Put(review, CountyAuditKey(CountyOf(before), before.year(), seq), audit);
  }
  if (s.ok() && !SamePlace(before, after)) {
    // Statistics see the report where the correction puts it.
    const std::string& id = before.report_id();
    ASSIGN_OR_RETURN(auto order, store_->Get(kIndexFamily, IndexKey(CountyOf(before), before.year(),
                                                                    TownshipKeyOf(before), id)));
    std::string value =
        order.value_or(EncodeSequence(static_cast<uint64_t>(before.version_order())));
    s = batch.Delete(index, IndexKey(CountyOf(before), before.year(), TownshipKeyOf(before), id));
    if (s.ok()) {
      s = batch.Delete(index,
                       YearIndexKey(CountyOf(before), before.year(), TownshipKeyOf(before), id));
    }
    if (s.ok()) {
      s = batch.Put(index, IndexKey(CountyOf(after), after.year(), TownshipKeyOf(after), id),
                    value);
    }
    if (s.ok()) {
      s = batch.Put(index, YearIndexKey(CountyOf(after), after.year(), TownshipKeyOf(after), id),
                    value);
    }
  }
  if (!s.ok()) return store::FromRocks(s, "review batch");
  return store_->Write(&batch, /*sync=*/true);
}

rocksdb::Status AggregateService::AddFlag(const fazhi::v1::Correction& flagged,
                                          const fazhi::v1::ParsedReport& old_extraction,
                                          const fazhi::v1::ParsedReport& new_extraction,
                                          const fazhi::v1::ParsedReport& seen,
                                          rocksdb::WriteBatch* batch) {
  const int64_t now = NowMs();
  const int64_t seq = review_clock_.Next();
  fazhi::v1::AuditEntry entry;
  entry.set_action("flag");
  entry.set_report_id(flagged.report_id());
  entry.set_correction_id(flagged.correction_id());
  entry.set_field(flagged.field());
  entry.set_old_value(review::ValueText(old_extraction, flagged));
  entry.set_new_value(review::ValueText(new_extraction, flagged));
  entry.set_caller("reprocess");
  entry.set_reason(absl::StrCat("read again by ", new_extraction.engine_version(),
                                ", which reads this field otherwise than the correction found "
                                "it; the correction stands until a reviewer looks again"));
  entry.set_time_unix_ms(now);
  entry.set_time(Rfc3339(now));
  entry.set_county_code(CountyOf(seen));
  entry.set_year(seen.year());
  entry.set_entity_name(seen.entity().name());
  rocksdb::ColumnFamilyHandle* review = store_->Family(kReviewFamily);
  const std::string audit = entry.SerializeAsString();
  rocksdb::Status s =
      batch->Put(review, CorrectionKey(flagged.correction_id()), flagged.SerializeAsString());
  if (s.ok()) s = batch->Put(review, ReportAuditKey(flagged.report_id(), seq), audit);
  if (s.ok()) s = batch->Put(review, CountyAuditKey(CountyOf(seen), seen.year(), seq), audit);
  if (s.ok()) s = batch->Put(review, kReviewClockKey, EncodeSequence(static_cast<uint64_t>(seq)));
  return s;
}

absl::StatusOr<fazhi::v1::Correction> AggregateService::Correct(fazhi::v1::Correction c,
                                                                const std::string& caller) {
  RETURN_IF_ERROR(review::Validate(&c));
  if (c.reviewer().empty()) c.set_reviewer(caller);
  if (c.reviewer().empty()) {
    return absl::InvalidArgumentError(
        "correction.reviewer is missing (the reviewer's name is recorded in the audit)");
  }
  if (c.kind() == fazhi::v1::CORRECTION_KIND_COUNTY) {
    RETURN_IF_ERROR(ValidateCountyCode(c.county_code(), gazetteer_));
  }
  if (c.kind() == fazhi::v1::CORRECTION_KIND_TOWNSHIP && gazetteer_ != nullptr) {
    const gazetteer::Division* t = gazetteer_->Find(c.township_code());
    if (t == nullptr || t->level != gazetteer::Level::kTownship) {
      return absl::InvalidArgumentError(absl::StrCat(
          "correction.township_code '", c.township_code(), "' is not a township in the gazetteer"));
    }
  }
  absl::MutexLock lock(&review_mutex_);
  ASSIGN_OR_RETURN(fazhi::v1::ParsedReport extracted, LoadExtracted(c.report_id()));
  ASSIGN_OR_RETURN(std::vector<fazhi::v1::Correction> held, CorrectionsOf(c.report_id()));
  const fazhi::v1::ParsedReport before = Seen(extracted, held);
  if (c.kind() == fazhi::v1::CORRECTION_KIND_INDICATOR_DROP &&
      review::ValueText(before, c) == "(none)") {
    return absl::FailedPreconditionError(
        absl::StrCat("report ", c.report_id(), " has no figure '", c.indicator_id(), "' to drop"));
  }
  const int64_t now = NowMs();
  int64_t seq = review_clock_.Next();
  c.set_correction_id(CorrectionId(c.report_id(), seq));
  c.set_caller(caller);
  c.set_time_unix_ms(now);
  c.set_field(review::FieldOf(c));
  c.set_old_value(review::ValueText(before, c));
  c.set_evidence_quote(review::EvidenceQuote(before, c));
  held.push_back(c);
  const fazhi::v1::ParsedReport after = Seen(extracted, held);
  c.set_new_value(c.kind() == fazhi::v1::CORRECTION_KIND_INDICATOR_DROP
                      ? "(dropped)"
                      : review::ValueText(after, c));
  held.back() = c;

  fazhi::v1::AuditEntry entry;
  entry.set_action("correct");
  entry.set_report_id(c.report_id());
  entry.set_correction_id(c.correction_id());
  entry.set_field(c.field());
  entry.set_old_value(c.old_value());
  entry.set_new_value(c.new_value());
  entry.set_reviewer(c.reviewer());
  entry.set_caller(caller);
  entry.set_reason(c.reason());
  entry.set_time_unix_ms(now);
  entry.set_time(Rfc3339(now));
  entry.set_county_code(CountyOf(after));
  entry.set_year(after.year());
  entry.set_entity_name(after.entity().name());
  RETURN_IF_ERROR(WriteReview(c, entry, before, after));
  return c;
}

absl::StatusOr<fazhi::v1::Correction> AggregateService::Revert(
    const fazhi::v1::RevertCorrectionRequest& request, const std::string& caller) {
  const std::string& id = request.correction_id();
  size_t slash = id.find('/');
  if (id.empty() || slash == std::string::npos || slash == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("correction_id '", id, "' is not REPORT_ID/SEQUENCE"));
  }
  RETURN_IF_ERROR(review::CheckReasonAndReviewer(request.reason(), request.reviewer()));
  const std::string report_id = id.substr(0, slash);
  std::string reviewer = request.reviewer().empty() ? caller : request.reviewer();
  if (reviewer.empty()) return absl::InvalidArgumentError("reviewer is missing");

  absl::MutexLock lock(&review_mutex_);
  ASSIGN_OR_RETURN(fazhi::v1::ParsedReport extracted, LoadExtracted(report_id));
  ASSIGN_OR_RETURN(std::vector<fazhi::v1::Correction> held, CorrectionsOf(report_id));
  auto it = std::find_if(held.begin(), held.end(),
                         [&](const fazhi::v1::Correction& c) { return c.correction_id() == id; });
  if (it == held.end()) return absl::NotFoundError(absl::StrCat("no correction ", id));
  if (it->reverted()) {
    return absl::FailedPreconditionError(
        absl::StrCat("correction ", id, " was already reverted by ", it->reverted_by()));
  }
  const fazhi::v1::ParsedReport before = Seen(extracted, held);
  const int64_t now = NowMs();
  it->set_reverted(true);
  it->set_reverted_by(reviewer);
  it->set_revert_reason(request.reason());
  it->set_reverted_unix_ms(now);
  const fazhi::v1::Correction reverted = *it;
  const fazhi::v1::ParsedReport after = Seen(extracted, held);

  fazhi::v1::AuditEntry entry;
  entry.set_action("revert");
  entry.set_report_id(reverted.report_id());
  entry.set_correction_id(id);
  entry.set_field(reverted.field());
  std::string old_text = review::ValueText(before, reverted);
  if (reverted.kind() == fazhi::v1::CORRECTION_KIND_INDICATOR_DROP && old_text == "(none)") {
    old_text = "(dropped)";
  }
  entry.set_old_value(old_text);
  entry.set_new_value(review::ValueText(after, reverted));
  entry.set_reviewer(reviewer);
  entry.set_caller(caller);
  entry.set_reason(request.reason());
  entry.set_time_unix_ms(now);
  entry.set_time(Rfc3339(now));
  entry.set_county_code(CountyOf(after));
  entry.set_year(after.year());
  entry.set_entity_name(after.entity().name());
  RETURN_IF_ERROR(WriteReview(reverted, entry, before, after));
  return reverted;
}

absl::StatusOr<fazhi::v1::ListAuditResponse> AggregateService::Audit(
    const fazhi::v1::ListAuditRequest& request) {
  std::string prefix;
  if (!request.report_id().empty()) {
    if (request.report_id().find('/') != std::string::npos) {
      return absl::InvalidArgumentError("report_id must not contain '/'");
    }
    prefix = ReportAuditPrefix(request.report_id());
  } else {
    if (request.county_code() != kUnresolvedCounty) {
      RETURN_IF_ERROR(ValidateCountyCode(request.county_code(), gazetteer_));
    }
    if (request.year() < 1990 || request.year() > 2100) {
      return absl::InvalidArgumentError(
          absl::StrCat("year ", request.year(), " is not a plausible report year (1990-2100)"));
    }
    prefix = CountyAuditPrefix(request.county_code(), request.year());
  }
  if (request.page_size() < 0) return absl::InvalidArgumentError("page_size must not be negative");
  int page_size =
      request.page_size() == 0 ? kDefaultAuditPage : std::min(request.page_size(), kMaxAuditPage);
  if (!request.page_token().empty() && request.page_token().rfind(prefix, 0) != 0) {
    return absl::InvalidArgumentError("page_token does not belong to this listing");
  }
  fazhi::v1::ListAuditResponse response;
  std::string last_key;
  bool more = false, corrupt = false;
  RETURN_IF_ERROR(store_->Scan(kReviewFamily, prefix, request.page_token(),
                               [&](absl::string_view key, absl::string_view value) {
                                 if (response.entries_size() == page_size) {
                                   more = true;
                                   return false;
                                 }
                                 if (!response.add_entries()->ParseFromArray(
                                         value.data(), static_cast<int>(value.size()))) {
                                   corrupt = true;
                                   return false;
                                 }
                                 last_key = std::string(key);
                                 return true;
                               }));
  if (corrupt)
    return absl::DataLossError(absl::StrCat("an audit entry under ", prefix, " is corrupt"));
  if (more) response.set_next_page_token(last_key);
  return response;
}

absl::StatusOr<fazhi::v1::ReviewedReport> AggregateService::Reviewed(const std::string& report_id) {
  ASSIGN_OR_RETURN(fazhi::v1::ParsedReport extracted, LoadExtracted(report_id));
  ASSIGN_OR_RETURN(std::vector<fazhi::v1::Correction> all, CorrectionsOf(report_id));
  fazhi::v1::ReviewedReport out;
  *out.mutable_corrected() = Seen(extracted, all);
  *out.mutable_extracted() = std::move(extracted);
  for (auto& c : all) *out.add_corrections() = std::move(c);
  return out;
}

grpc::Status AggregateService::CorrectReport(grpc::ServerContext* context,
                                             const fazhi::v1::CorrectReportRequest* request,
                                             fazhi::v1::Correction* response) {
  auto caller = auth_->Check(*context, rpc::Role::kReview);
  if (!caller.ok()) return rpc::ToGrpc(caller.status());
  if (!request->has_correction()) {
    return rpc::ToGrpc(absl::InvalidArgumentError("CorrectReportRequest.correction is missing"));
  }
  auto result = Correct(request->correction(), *caller);
  if (!result.ok()) return rpc::ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status AggregateService::RevertCorrection(grpc::ServerContext* context,
                                                const fazhi::v1::RevertCorrectionRequest* request,
                                                fazhi::v1::Correction* response) {
  auto caller = auth_->Check(*context, rpc::Role::kReview);
  if (!caller.ok()) return rpc::ToGrpc(caller.status());
  auto result = Revert(*request, *caller);
  if (!result.ok()) return rpc::ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status AggregateService::ListAudit(grpc::ServerContext* context,
                                         const fazhi::v1::ListAuditRequest* request,
                                         fazhi::v1::ListAuditResponse* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kRead); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  auto result = Audit(*request);
  if (!result.ok()) return rpc::ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status AggregateService::GetReviewedReport(grpc::ServerContext* context,
                                                 const fazhi::v1::GetReviewedReportRequest* request,
                                                 fazhi::v1::ReviewedReport* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kRead); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  auto result = Reviewed(request->report_id());
  if (!result.ok()) return rpc::ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace fazhi::aggregate
