// `fazhi correct`, `fazhi revert` and `fazhi audit`: the review calls of
// the aggregate service.
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/base/proto_json.h"
#include "common/rpc/auth.h"
#include "common/rpc/channel.h"
#include "tools/cli/client.h"
#include "tools/cli/commands.h"

namespace fazhi::cli {
namespace {

void PrintCorrection(const fazhi::v1::Correction& c, bool json, std::ostream& out) {
  if (json) {
    out << ProtoToJson(c) << "\n";
    return;
  }
  out << (c.reverted() ? "reverted " : "corrected ") << c.correction_id() << ": " << c.field()
      << " " << c.old_value() << " -> " << c.new_value() << " (" << c.reviewer() << ": "
      << (c.reverted() ? c.revert_reason() : c.reason()) << ")\n";
}

// The correction the flags describe, or a message saying what is wrong.
absl::StatusOr<fazhi::v1::Correction> CorrectionFrom(const CorrectOptions& o) {
  fazhi::v1::Correction c;
  if (o.report_id.empty()) return absl::InvalidArgumentError("--report=ID is required");
  if (o.reason.empty()) return absl::InvalidArgumentError("--reason=TEXT is required");
  int kinds = !o.indicator.empty() + !o.entity.empty() + !o.county.empty() + !o.township.empty();
  if (kinds != 1) {
    return absl::InvalidArgumentError(
        "give exactly one of --indicator=ID (with --value=V or --drop), --entity=NAME, "
        "--county=CODE, --township=CODE");
  }
  c.set_report_id(o.report_id);
  c.set_reason(o.reason);
  c.set_reviewer(o.reviewer);
  if (!o.indicator.empty()) {
    c.set_indicator_id(o.indicator);
    if (o.drop == !o.value.empty()) {
      return absl::InvalidArgumentError("--indicator needs either --value=V or --drop");
    }
    if (o.drop) {
      c.set_kind(fazhi::v1::CORRECTION_KIND_INDICATOR_DROP);
    } else {
      double value;
      if (!absl::SimpleAtod(o.value, &value)) {
        return absl::InvalidArgumentError(absl::StrCat("--value '", o.value, "' is not a number"));
      }
      c.set_kind(fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE);
      c.set_value(value);
      c.set_unit(o.unit);
    }
  } else if (o.drop || !o.value.empty() || !o.unit.empty()) {
    return absl::InvalidArgumentError("--value, --unit and --drop go with --indicator");
  } else if (!o.entity.empty()) {
    c.set_kind(fazhi::v1::CORRECTION_KIND_ENTITY);
    c.set_entity_name(o.entity);
  } else if (!o.county.empty()) {
    c.set_kind(fazhi::v1::CORRECTION_KIND_COUNTY);
    c.set_county_code(o.county);
  } else {
    c.set_kind(fazhi::v1::CORRECTION_KIND_TOWNSHIP);
    c.set_township_code(o.township);
  }
  return c;
}

}  // namespace

int RunCorrect(const CorrectOptions& options, std::ostream& out, std::ostream& err) {
  absl::StatusOr<fazhi::v1::Correction> correction = CorrectionFrom(options);
  if (!correction.ok()) {
    err << "fazhi correct: " << correction.status().message() << "\n";
    return 2;
  }
  auto stub = AggregateStub(options.service, err);
  if (stub == nullptr) return 2;
  fazhi::v1::CorrectReportRequest request;
  *request.mutable_correction() = *std::move(correction);
  fazhi::v1::Correction stored;
  if (!Call("correct", options.service, err,
            [&](grpc::ClientContext* c) { return stub->CorrectReport(c, request, &stored); })) {
    return 1;
  }
  PrintCorrection(stored, options.json, out);
  return 0;
}

int RunRevert(const RevertOptions& options, std::ostream& out, std::ostream& err) {
  if (options.correction_id.empty() || options.reason.empty()) {
    err << "fazhi revert: --correction=ID and --reason=TEXT are required\n";
    return 2;
  }
  auto stub = AggregateStub(options.service, err);
  if (stub == nullptr) return 2;
  fazhi::v1::RevertCorrectionRequest request;
  request.set_correction_id(options.correction_id);
  request.set_reason(options.reason);
  request.set_reviewer(options.reviewer);
  fazhi::v1::Correction reverted;
  if (!Call("revert", options.service, err, [&](grpc::ClientContext* c) {
        return stub->RevertCorrection(c, request, &reverted);
      })) {
    return 1;
  }
  PrintCorrection(reverted, options.json, out);
  return 0;
}

int RunAudit(const AuditOptions& options, std::ostream& out, std::ostream& err) {
  if (options.report_id.empty() == (options.county.empty() || options.year == 0)) {
    err << "fazhi audit: give --county=CODE --year=YYYY, or --report=ID\n";
    return 2;
  }
  auto stub = AggregateStub(options.service, err);
  if (stub == nullptr) return 2;
  fazhi::v1::ListAuditRequest request;
  request.set_county_code(options.county);
  request.set_year(options.year);
  request.set_report_id(options.report_id);
  request.set_page_size(1000);
  if (!options.json) {
    out << absl::StrFormat("%-24s %-7s %-30s %-16s %-16s %-14s %s\n", "time", "action", "field",
                           "old", "new", "reviewer", "reason / report");
  }
  do {
    fazhi::v1::ListAuditResponse page;
    if (!Call("audit", options.service, err,
              [&](grpc::ClientContext* c) { return stub->ListAudit(c, request, &page); })) {
      return 1;
    }
    for (const fazhi::v1::AuditEntry& e : page.entries()) {
      if (options.json) {
        out << ProtoToJson(e) << "\n";
        continue;
      }
      out << absl::StrFormat("%-24s %-7s %-30s %-16s %-16s %-14s %s  [%s %s]\n", e.time(),
                             e.action(), e.field(), e.old_value(), e.new_value(), e.reviewer(),
                             e.reason(), e.entity_name(), e.correction_id());
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return 0;
}

}  // namespace fazhi::cli
