// `fazhi jobs`: the ingest service's jobs, a page at a time, so that a
// batch submitted earlier can be checked (which failed, and why).
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/base/proto_json.h"
#include "tools/cli/client.h"
#include "tools/cli/commands.h"

namespace fazhi::cli {

absl::StatusOr<fazhi::v1::JobState> JobStateFromFlag(const std::string& flag) {
  if (flag.empty()) return fazhi::v1::JOB_STATE_UNSPECIFIED;
  fazhi::v1::JobState state;
  if (!fazhi::v1::JobState_Parse("JOB_STATE_" + absl::AsciiStrToUpper(flag), &state) ||
      state == fazhi::v1::JOB_STATE_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat("--state must be queued, delivering, done or failed, not '", flag, "'"));
  }
  return state;
}

int RunJobs(const JobsOptions& options, std::ostream& out, std::ostream& err) {
  absl::StatusOr<fazhi::v1::JobState> state = JobStateFromFlag(options.state);
  if (!state.ok()) {
    err << "fazhi jobs: " << state.status().message() << "\n";
    return 2;
  }
  auto stub = IngestStub(options.service, err);
  if (stub == nullptr) return 2;
  fazhi::v1::ListJobsRequest request;
  request.set_state(*state);
  request.set_page_size(500);
  int64_t shown = 0;
  bool first_page = true;
  do {
    fazhi::v1::ListJobsResponse page;
    if (!Call("jobs", options.service, err,
              [&](grpc::ClientContext* c) { return stub->ListJobs(c, request, &page); })) {
      return 1;
    }
    if (first_page && !options.json) {
      out << absl::StrFormat("%-16s %-10s %-8s %-20s %s\n", "job", "state", "attempts", "updated",
                             "source / error");
    }
    first_page = false;
    for (const fazhi::v1::Job& job : page.jobs()) {
      if (options.limit > 0 && shown == options.limit) break;
      ++shown;
      if (options.json) {
        out << ProtoToJson(job) << "\n";
        continue;
      }
      std::string state_name = fazhi::v1::JobState_Name(job.state());
      state_name = absl::AsciiStrToLower(state_name.substr(std::string("JOB_STATE_").size()));
      const std::string updated = absl::FormatTime(
          "%Y-%m-%d %H:%M:%S", absl::FromUnixMillis(job.updated_unix_ms()), absl::LocalTimeZone());
      out << absl::StrFormat("%-16s %-10s %-8d %-20s %s%s\n", job.job_id().substr(0, 16),
                             state_name, job.attempts(), updated, job.source(),
                             job.error().empty() ? "" : absl::StrCat("  (", job.error(), ")"));
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty() && (options.limit == 0 || shown < options.limit));
  if (!options.json) out << shown << " jobs\n";
  return 0;
}

}  // namespace fazhi::cli
