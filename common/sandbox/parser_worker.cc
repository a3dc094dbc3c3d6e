#include "common/sandbox/parser_worker.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <new>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/formats/formats.h"
#include "common/sandbox/frames.h"
#include "fazhi/internal/parser.pb.h"

namespace fazhi::sandbox {
namespace {

// Largest request: documents are limited far below this by ingest and extract.
constexpr int64_t kMaxRequestBytes = int64_t{1} << 30;

// The CPU this process has used so far, in whole seconds rounded up.
rlim_t CpuSecondsUsed() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<rlim_t>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1);
}

bool Holds(const std::string& content, const std::string& marker) {
  return !marker.empty() && content.find(marker) != std::string::npos;
}

fazhi::internal::ParseResponse Parse(const fazhi::internal::ParseRequest& request,
                                     const WorkerOptions& options) {
  if (Holds(request.content(), options.test_crash_on)) std::abort();
  if (Holds(request.content(), options.test_hang_on)) {
    while (true) pause();
  }
  if (Holds(request.content(), options.test_spin_on)) {
    volatile uint64_t spin = 0;
    while (true) spin = spin + 1;
  }
  if (Holds(request.content(), options.test_balloon_on)) {
    std::vector<std::vector<char>> hog;
    while (true) hog.emplace_back(16 << 20, 'x');  // until bad_alloc
  }
  formats::Limits limits;
  if (request.max_unpacked_bytes() > 0) limits.max_unpacked_bytes = request.max_unpacked_bytes();
  if (request.max_pdf_pages() > 0) limits.max_pdf_pages = request.max_pdf_pages();
  if (request.max_nesting_depth() > 0) limits.max_nesting_depth = request.max_nesting_depth();
  fazhi::internal::ParseResponse response;
  absl::StatusOr<formats::ExtractedText> text = formats::ExtractText(request.content(), limits);
  if (!text.ok()) {
    response.set_code(static_cast<int>(text.status().code()));
    response.set_message(std::string(text.status().message()));
    return response;
  }
  response.set_text(std::move(text->text));
  response.set_format(text->format);
  response.set_encoding(text->encoding);
  for (std::string& w : text->warnings) response.add_warnings(std::move(w));
  *response.mutable_part_starts() = {text->part_starts.begin(), text->part_starts.end()};
  response.set_part_kind(text->part_kind);
  return response;
}

}  // namespace

int RunParserWorker(int fd, const WorkerOptions& options) {
  // No core files of hostile documents.
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  if (options.max_memory_bytes > 0) {
    rlimit memory{static_cast<rlim_t>(options.max_memory_bytes),
                  static_cast<rlim_t>(options.max_memory_bytes)};
    if (setrlimit(RLIMIT_AS, &memory) != 0) return 3;
  }
  std::string frame;
  while (true) {
    absl::Status read = ReadFrame(fd, kMaxRequestBytes, &frame);
    if (absl::IsOutOfRange(read)) return 0;  // extract closed the socket
    if (!read.ok()) return 2;
    fazhi::internal::ParseRequest request;
    fazhi::internal::ParseResponse response;
    bool exhausted = false;
    if (!request.ParseFromString(frame)) {
      response.set_code(static_cast<int>(absl::StatusCode::kInternal));
      response.set_message("parser worker got a malformed request");
    } else {
      // A fresh CPU budget for this document; the hard limit stays open so
      // that the next document can have its own.
      rlimit cpu{CpuSecondsUsed() + static_cast<rlim_t>(options.cpu_seconds), RLIM_INFINITY};
      if (options.cpu_seconds > 0) setrlimit(RLIMIT_CPU, &cpu);
      try {
        response = Parse(request, options);
      } catch (const std::bad_alloc&) {
        exhausted = true;
        response.Clear();
        response.set_code(static_cast<int>(absl::StatusCode::kResourceExhausted));
        response.set_message(absl::StrCat("parsing needed more than the parser's memory limit of ",
                                          options.max_memory_bytes >> 20, " MiB"));
        response.set_worker_exits(true);
      }
    }
    frame.clear();
    frame.shrink_to_fit();
    if (!WriteFrame(fd, response.SerializeAsString()).ok()) return 2;
    // After an allocation failure the parsers' state is not to be trusted:
    // the pool starts a fresh worker.
    if (exhausted) return 4;
  }
}

}  // namespace fazhi::sandbox
