#include "tools/cli/commands.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/base/proto_json.h"
#include "common/engine/engine.h"
#include "common/export/export.h"
#include "common/rpc/auth.h"
#include "common/rpc/channel.h"
#include "fazhi/v1/aggregate.grpc.pb.h"
#include "fazhi/v1/ingest.grpc.pb.h"
#include "tools/cli/client.h"

namespace fazhi::cli {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  struct stat info;
  if (fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) {
    close(fd);
    return absl::InvalidArgumentError(absl::StrCat(path, " is a folder, not a file"));
  }
  // Read until the end, sized by the file's length when it has one (pipes
  // and devices do not).
  std::string bytes;
  bytes.resize(S_ISREG(info.st_mode) ? static_cast<size_t>(info.st_size) + 1 : 65536);
  size_t used = 0;
  while (true) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2);
    ssize_t n = read(fd, bytes.data() + used, bytes.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close(fd);
      return absl::DataLossError(absl::StrCat("cannot read ", path));
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  close(fd);
  bytes.resize(used);
  return bytes;
}

// Files under `paths` (folders walked recursively, hidden entries skipped),
// in a stable order.
std::vector<std::string> CollectFiles(const std::vector<std::string>& paths, std::ostream& err,
                                      int* missing) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file()) found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else {
      err << path << ": no such file or folder\n";
      ++*missing;
    }
  }
  return files;
}

}  // namespace

int RunExtract(const ExtractOptions& options, std::ostream& out, std::ostream& err) {
  // The gazetteer loads while the catalog compiles: both are start-up costs.
  absl::StatusOr<std::unique_ptr<gazetteer::Gazetteer>> gazetteer;
  std::thread loader([&] { gazetteer = gazetteer::LoadConfigured(options.gazetteer_path); });
  auto catalog = engine::CompiledCatalog::Create(engine::EmbeddedCatalogText(),
                                                 engine::EmbeddedPrecompiledCatalog());
  loader.join();
  if (!gazetteer.ok()) {
    err << "fazhi extract: " << gazetteer.status().message() << "\n";
    return 2;
  }
  if (!catalog.ok()) {
    err << "fazhi extract: " << catalog.status().message() << "\n";
    return 2;
  }
  std::unique_ptr<engine::Extractor> extractor =
      engine::Extractor::FromCatalog(*std::move(catalog), gazetteer->get());

  // Files are extracted by a pool of workers, this thread one of them;
  // whichever worker completes the earliest file not yet written writes
  // it and every completed one after it, so lines come out in file order
  // without a writer thread to wake per file.
  struct Result {
    bool done = false;
    bool failed = false;
    std::string line;  // JSON, or the error message
  };
  const size_t count = options.files.size();
  std::vector<Result> results(count);
  absl::Mutex mu;
  size_t next = 0;     // next file to take; guarded by mu
  size_t written = 0;  // lines written so far; guarded by mu
  int failures = 0;    // guarded by mu
  size_t jobs = options.jobs > 0 ? static_cast<size_t>(options.jobs)
                                 : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min(jobs, std::max<size_t>(count, 1));
  // Workers run at most this far ahead of the output, so that memory stays
  // bounded when one file is slow.
  const size_t window = 8 * jobs;
  auto work = [&] {
    while (true) {
      size_t i;
      {
        absl::MutexLock lock(&mu);
        auto may_take = [&] { return next == count || next < written + window; };
        mu.Await(absl::Condition(&may_take));
        if (next == count) return;
        i = next++;
      }
      const std::string& file = options.files[i];
      Result result;
      result.done = true;
      absl::StatusOr<std::string> bytes = ReadFile(file);
      if (!bytes.ok()) {
        result.failed = true;
        result.line = std::string(bytes.status().message());  // names the file
      } else {
        fazhi::v1::Document document;
        document.set_source(file);
        document.set_content(*std::move(bytes));
        document.set_region_hint(options.region_hint);
        auto report = extractor->Extract(document, {});
        result.failed = !report.ok();
        // The engine's errors name the document's source.
        result.line = report.ok() ? ProtoToJson(*report) : std::string(report.status().message());
      }
      absl::MutexLock lock(&mu);
      results[i] = std::move(result);
      for (; written < count && results[written].done; ++written) {
        Result& ready = results[written];
        (ready.failed ? err : out) << ready.line << '\n';
        failures += ready.failed ? 1 : 0;
        std::string().swap(ready.line);
      }
    }
  };
  std::vector<std::thread> workers;
  for (size_t k = 1; k < jobs; ++k) workers.emplace_back(work);
  work();
  for (std::thread& t : workers) t.join();
  return failures == 0 ? 0 : 1;
}

int RunIngest(const IngestOptions& options, std::ostream& out, std::ostream& err) {
  int failed = 0;
  std::vector<std::string> files = CollectFiles(options.paths, err, &failed);
  std::shared_ptr<grpc::Channel> channel =
      ServiceChannel(options.service, "fazhi.v1.IngestService", err);
  if (channel == nullptr) return 2;
  // The stream has no deadline (a large batch takes a while): it starts
  // only once ingest answers, within the timeout.
  if (!Reachable(*channel, "ingest", options.service, err)) return 1;
  auto stub = fazhi::v1::IngestService::NewStub(channel);
  struct Entry {
    std::string file;
    std::string job_id;
    bool duplicate = false;
  };
  // Guards everything below across the writer, the reader (this thread)
  // and the poller.
  absl::Mutex mu;
  std::vector<Entry> entries;
  std::map<std::string, fazhi::v1::Job> finished;  // DONE or FAILED, by job id
  size_t rejected = 0;                             // files that got no job
  bool bar_drawn = false;
  const absl::Time start = absl::Now();
  absl::Time last_log = start;
  // Finished = a job DONE or FAILED, or a file refused: counted from the
  // first acknowledgement on, while submitting too.
  auto progress = [&](absl::string_view phase) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (options.progress == IngestOptions::Progress::kNone) return;
    const size_t done = finished.size() + rejected;
    absl::Time now = absl::Now();
    double seconds = absl::ToDoubleSeconds(now - start);
    double rate = seconds > 0 ? done / seconds : 0;
    double eta = rate > 0 ? (files.size() - done) / rate : 0;
    if (options.progress == IngestOptions::Progress::kBar) {
      constexpr int kWidth = 30;
      int filled = files.empty() ? kWidth : static_cast<int>(kWidth * done / files.size());
      err << absl::StrFormat("\r%-10s [%s%s] %zu/%zu finished, %zu sent  %.1f docs/s  ETA %.0fs ",
                             phase, std::string(filled, '#'), std::string(kWidth - filled, '.'),
                             done, files.size(), entries.size() + rejected, rate, eta)
          << std::flush;
      bar_drawn = true;
    } else if (now - last_log >= absl::Seconds(5) || done == files.size()) {
      last_log = now;
      err << absl::StrFormat("fazhi ingest: %s %zu/%zu finished, %.1f docs/s, ETA %.0fs\n", phase,
                             done, files.size(), rate, eta);
    }
  };
  // An error line clears the bar first, so that neither overwrites the
  // other; the next progress call draws the bar again below it.
  auto say = [&](const std::string& line) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (bar_drawn) err << "\r\033[K";
    bar_drawn = false;
    err << line << "\n";
  };

  // One stream for the whole run: gRPC flow control holds the sender back
  // when ingest is slower, so memory stays bounded however many files.
  grpc::ClientContext stream_context;
  rpc::AttachToken(&stream_context, options.service.token);
  auto stream = stub->SubmitStream(&stream_context);
  std::deque<std::string> in_flight;
  std::thread writer([&] {
    for (const std::string& file : files) {
      absl::StatusOr<std::string> bytes = ReadFile(file);
      if (!bytes.ok()) {
        absl::MutexLock lock(&mu);
        say(absl::StrCat(file, ": ", bytes.status().message()));
        ++failed, ++rejected;
        continue;
      }
      fazhi::v1::SubmitRequest request;
      request.mutable_document()->set_source(file);
      request.mutable_document()->set_content(*std::move(bytes));
      request.mutable_document()->set_region_hint(options.region_hint);
      {
        absl::MutexLock lock(&mu);
        in_flight.push_back(file);
      }
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  // Asks for the jobs acknowledged so far and not yet finished, until every
  // one has finished or the wait is over.
  bool submitting = true;
  const absl::Time deadline = absl::Now() + options.wait_timeout;
  auto poll_once = [&](absl::string_view phase) {
    std::vector<std::string> pending;
    {
      absl::MutexLock lock(&mu);
      for (const Entry& e : entries) {
        if (finished.count(e.job_id) == 0) pending.push_back(e.job_id);
      }
    }
    for (const std::string& id : pending) {
      fazhi::v1::GetJobRequest request;
      request.set_job_id(id);
      fazhi::v1::Job job;
      auto context = CallContext(options.service);
      grpc::Status status = stub->GetJob(context.get(), request, &job);
      if (!status.ok()) {
        if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
            status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
          continue;
        }
        job.set_state(fazhi::v1::JOB_STATE_FAILED);
        job.set_error(StatusText(status));
      }
      if (job.state() != fazhi::v1::JOB_STATE_DONE && job.state() != fazhi::v1::JOB_STATE_FAILED) {
        continue;
      }
      absl::MutexLock lock(&mu);
      finished.emplace(id, job);
    }
    absl::MutexLock lock(&mu);
    progress(phase);
    return pending.size();
  };
  std::thread poller([&] {
    for (;;) {
      {
        absl::MutexLock lock(&mu);
        if (!submitting) return;
      }
      poll_once("submitting");
      absl::SleepFor(absl::Milliseconds(200));
    }
  });
  fazhi::v1::SubmitResponse response;
  while (stream->Read(&response)) {
    absl::MutexLock lock(&mu);
    std::string file = in_flight.empty() ? response.source() : in_flight.front();
    if (!in_flight.empty()) in_flight.pop_front();
    if (response.error_code() != 0) {
      say(absl::StrCat(
          file, ": ",
          absl::StatusCodeToString(static_cast<absl::StatusCode>(response.error_code())), ": ",
          response.error_message()));
      ++failed, ++rejected;
      continue;
    }
    entries.push_back({file, response.job_id(), response.duplicate()});
  }
  writer.join();
  grpc::Status stream_status = stream->Finish();
  {
    absl::MutexLock lock(&mu);
    submitting = false;
    if (!stream_status.ok()) say(CallError("ingest", options.service, stream_status));
    for (const std::string& file : in_flight) {
      say(absl::StrCat(file, ": not acknowledged (stream ended)"));
      ++failed, ++rejected;
    }
  }
  poller.join();

  // Wait for every job to finish or fail.
  while (poll_once("processing") > 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  absl::MutexLock lock(&mu);
  if (bar_drawn) err << "\n";
  int submitted = 0;
  int duplicates = 0;
  for (const Entry& e : entries) {
    auto known = finished.find(e.job_id);
    if (known == finished.end()) {
      err << e.file << ": job " << e.job_id << " not finished after "
          << absl::FormatDuration(options.wait_timeout) << "\n";
      ++failed;
    } else if (known->second.state() == fazhi::v1::JOB_STATE_FAILED) {
      err << e.file << ": job " << e.job_id << " failed: " << known->second.error() << "\n";
      ++failed;
    } else if (e.duplicate || !known->second.duplicate_of().empty()) {
      ++duplicates;
    } else {
      ++submitted;
    }
  }
  out << "submitted=" << submitted << " duplicates=" << duplicates << " failed=" << failed << "\n";
  return failed == 0 ? 0 : 1;
}

namespace {

std::string SectionName(int id) {
  std::string name = fazhi::v1::SectionId_Name(id);
  return absl::AsciiStrToLower(name.substr(std::string("SECTION_ID_").size()));
}

// An indicator as the tables name it: its Chinese label and its id,
// padded to `width` columns of a terminal (a Chinese character takes two).
std::string IndicatorColumn(const std::string& id, int width = 44) {
  std::string label = exports::IndicatorLabel(id);
  std::string cell = label == id ? id : absl::StrCat(label, " (", id, ")");
  int columns = 0;
  for (size_t i = 0; i < cell.size();) {
    unsigned char c = static_cast<unsigned char>(cell[i]);
    int length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    columns += length >= 3 ? 2 : 1;
    i += length;
  }
  if (columns < width) cell.append(width - columns, ' ');
  return cell;
}

std::string Number(double v) {
  if (v == static_cast<int64_t>(v)) return absl::StrCat(static_cast<int64_t>(v));
  return absl::StrFormat("%.2f", v);
}

void PrintTable(const fazhi::v1::CountyStats& stats, std::ostream& out) {
  out << "County " << stats.county_code();
  if (!stats.county_name().empty()) out << " " << stats.county_name();
  out << ", year " << stats.year() << "\n";
  out << "Reports received: " << stats.reports_received();
  if (stats.townships_total() > 0) {
    out << " of " << stats.townships_total() << " townships";
  }
  out << "; unresolved: " << stats.unresolved_reports() << "\n";
  out << "Published: " << stats.reports_on_time() << " on time, " << stats.reports_late()
      << " late, " << stats.reports_date_unknown() << " date unknown\n";
  if (stats.townships_missing_size() > 0) {
    out << "Townships missing: " << absl::StrJoin(stats.townships_missing(), " ") << "\n";
  }
  out << "\n"
      << absl::StrFormat("%-44s %6s %12s %10s %10s %10s %10s  %s\n", "indicator", "towns", "sum",
                         "mean", "median", "min", "max", "min / max township");
  for (const auto& s : stats.indicators()) {
    // A sum of percentages means nothing; the rates table recomputes them.
    std::string sum = s.is_rate() ? "-" : Number(s.sum());
    if (s.sum_is_lower_bound())
      sum = ">=" + sum;
    else if (s.sum_is_approximate())
      sum = "~" + sum;
    out << absl::StrFormat("%s %6d %12s %10s %10s %10s %10s  %s / %s\n", IndicatorColumn(s.id()),
                           s.townships_reporting(), sum, Number(s.mean()), Number(s.median()),
                           Number(s.min()), Number(s.max()), s.min_township(), s.max_township());
  }
  bool any_outlier = false;
  for (const auto& s : stats.indicators()) {
    for (const auto& o : s.outliers()) {
      if (!any_outlier) out << "\nOutliers (check the source):\n";
      any_outlier = true;
      out << "  " << exports::IndicatorLabel(s.id()) << " " << o.township() << " = "
          << Number(o.value()) << absl::StrFormat(" (robust z %.1f) \"", o.robust_z()) << o.quote()
          << "\"\n";
    }
  }
  if (stats.rates_size() > 0) {
    out << "\n" << absl::StrFormat("%-44s %12s %12s\n", "rate", "recomputed", "stated mean");
    for (const auto& r : stats.rates()) {
      out << absl::StrFormat("%s %12s %12s\n", IndicatorColumn(r.id()),
                             r.has_recomputed() ? Number(r.recomputed()) + "%" : "-",
                             r.has_stated_mean() ? Number(r.stated_mean()) + "%" : "-");
    }
  }
  out << "\nReports:\n";
  for (const auto& r : stats.reports()) {
    std::vector<std::string> missing;
    for (int id : r.missing_sections()) missing.push_back(SectionName(id));
    out << "  " << r.entity_name()
        << "  missing sections: " << (missing.empty() ? "none" : absl::StrJoin(missing, ","))
        << "\n";
  }
}

}  // namespace

namespace {

bool CheckFormat(const std::string& format, const std::string& out_path, std::ostream& err) {
  if (format != "table" && format != "json" && format != "csv" && format != "xlsx") {
    err << "fazhi: unknown --format '" << format << "' (want table, json, csv or xlsx)\n";
    return false;
  }
  if (format == "xlsx" && out_path.empty()) {
    err << "fazhi: --format=xlsx needs --out=FILE (a workbook is not for a terminal)\n";
    return false;
  }
  return true;
}

// The workbook as csv (to `out_path`, or `out` when empty) or xlsx (to
// `out_path`); 1 after saying why on `err` when it cannot be written.
int WriteExport(const exports::Workbook& book, const std::string& format,
                const std::string& out_path, std::ostream& out, std::ostream& err) {
  std::string bytes;
  if (format == "csv") {
    bytes = exports::ToCsv(book);
    if (out_path.empty()) {
      out << bytes;
      return 0;
    }
  } else {
    absl::StatusOr<std::string> xlsx = exports::ToXlsx(book);
    if (!xlsx.ok()) {
      err << "fazhi: " << xlsx.status().message() << "\n";
      return 1;
    }
    bytes = *std::move(xlsx);
  }
  std::ofstream file(out_path, std::ios::binary | std::ios::trunc);
  file << bytes;
  file.close();
  if (!file) {
    err << "fazhi: cannot write " << out_path << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int RunStats(const StatsOptions& options, std::ostream& out, std::ostream& err) {
  std::string format = options.json ? "json" : options.format;
  if (!CheckFormat(format, options.out_path, err)) return 1;
  auto stub = AggregateStub(options.service, err);
  if (stub == nullptr) return 2;
  fazhi::v1::GetCountyStatsRequest request;
  request.set_county_code(options.county);
  request.set_year(options.year);
  fazhi::v1::CountyStats stats;
  if (!Call("stats", options.service, err,
            [&](grpc::ClientContext* c) { return stub->GetCountyStats(c, request, &stats); })) {
    return 1;
  }
  if (format == "json") {
    out << ProtoToJson(stats) << "\n";
  } else if (format == "csv" || format == "xlsx") {
    return WriteExport(exports::StatsWorkbook(stats), format, options.out_path, out, err);
  } else {
    PrintTable(stats, out);
  }
  return 0;
}

int RunCompare(const CompareOptions& options, std::ostream& out, std::ostream& err) {
  if (!CheckFormat(options.format, options.out_path, err)) return 1;
  auto stub = AggregateStub(options.service, err);
  if (stub == nullptr) return 2;
  fazhi::v1::CompareYearsRequest request;
  request.set_county_code(options.county);
  request.set_year_a(options.year_a);
  request.set_year_b(options.year_b);
  fazhi::v1::YearComparison cmp;
  if (!Call("compare", options.service, err,
            [&](grpc::ClientContext* c) { return stub->CompareYears(c, request, &cmp); })) {
    return 1;
  }
  if (options.format == "json") {
    out << ProtoToJson(cmp) << "\n";
    return 0;
  }
  if (options.format == "csv" || options.format == "xlsx") {
    return WriteExport(exports::CompareWorkbook(cmp), options.format, options.out_path, out, err);
  }
  out << "County " << cmp.county_code() << " " << cmp.county_name() << ": " << cmp.year_a() << " ("
      << cmp.reports_a() << " reports) -> " << cmp.year_b() << " (" << cmp.reports_b()
      << " reports)\n";
  if (cmp.townships_started_size() > 0) {
    out << "Started reporting: " << absl::StrJoin(cmp.townships_started(), " ") << "\n";
  }
  if (cmp.townships_stopped_size() > 0) {
    out << "Stopped reporting: " << absl::StrJoin(cmp.townships_stopped(), " ") << "\n";
  }
  out << "\n"
      << absl::StrFormat("%-44s %12s %12s %12s %9s %14s\n", "indicator", "sum a", "sum b", "change",
                         "change%", "same towns");
  for (const auto& c : cmp.indicators()) {
    if (c.is_rate()) continue;  // below, in percentage points
    out << absl::StrFormat("%s %12s %12s %12s %9s %6d: %s->%s\n", IndicatorColumn(c.id()),
                           Number(c.sum_a()), Number(c.sum_b()), Number(c.change()),
                           c.has_change_percent() ? Number(c.change_percent()) + "%" : "-",
                           c.townships_both(), Number(c.matched_sum_a()),
                           Number(c.matched_sum_b()));
  }
  bool any_rate = false;
  for (const auto& c : cmp.indicators()) {
    if (!c.is_rate()) continue;
    if (!any_rate) {
      out << "\n"
          << absl::StrFormat("%-44s %10s %10s %14s  %s\n", "rate", "year a", "year b",
                             "change (pts)", "basis");
    }
    any_rate = true;
    auto pct = [](bool has, double v) { return has ? Number(v) + "%" : std::string("-"); };
    out << absl::StrFormat("%s %10s %10s %14s  %s\n", IndicatorColumn(c.id()),
                           pct(c.has_rate_a(), c.rate_a()), pct(c.has_rate_b(), c.rate_b()),
                           c.has_change_points() ? Number(c.change_points()) : "-", c.rate_basis());
  }
  return 0;
}

int RunRollup(const RollupOptions& options, std::ostream& out, std::ostream& err) {
  if (!CheckFormat(options.format, options.out_path, err)) return 1;
  auto stub = AggregateStub(options.service, err);
  if (stub == nullptr) return 2;
  fazhi::v1::GetRollupRequest request;
  request.set_code_prefix(options.code);
  request.set_year(options.year);
  fazhi::v1::Rollup rollup;
  if (!Call("rollup", options.service, err,
            [&](grpc::ClientContext* c) { return stub->GetRollup(c, request, &rollup); })) {
    return 1;
  }
  if (options.format == "json") {
    out << ProtoToJson(rollup) << "\n";
    return 0;
  }
  if (options.format == "csv" || options.format == "xlsx") {
    return WriteExport(exports::RollupWorkbook(rollup), options.format, options.out_path, out, err);
  }
  out << rollup.code_prefix() << " " << rollup.name() << ", year " << rollup.year() << ": "
      << rollup.reports_received() << " reports from " << rollup.counties_reporting() << " of "
      << rollup.counties_total() << " counties (" << rollup.townships_total() << " townships)\n\n"
      << absl::StrFormat("%-8s %-8s %8s %10s\n", "county", "", "reports", "townships");
  for (const auto& c : rollup.counties()) {
    if (c.reports_received() == 0) continue;
    out << absl::StrFormat("%-8s %s  %8d %10d\n", c.county_code(), c.county_name(),
                           c.reports_received(), c.townships_total());
  }
  out << "\n"
      << absl::StrFormat("%-44s %6s %12s %10s %10s\n", "indicator", "towns", "sum", "mean",
                         "median");
  for (const auto& s : rollup.indicators()) {
    out << absl::StrFormat(
        "%s %6d %12s %10s %10s\n", IndicatorColumn(s.id()), s.townships_reporting(),
        s.is_rate() ? std::string("-") : (s.sum_is_lower_bound() ? ">=" : "") + Number(s.sum()),
        Number(s.mean()), Number(s.median()));
  }
  return 0;
}

}  // namespace fazhi::cli
