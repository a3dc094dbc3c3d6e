#include "common/sandbox/parser_pool.h"

#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/base/install_paths.h"
#include "common/sandbox/frames.h"
#include "fazhi/internal/parser.pb.h"

extern char** environ;

namespace fazhi::sandbox {
namespace {

constexpr char kBinaryName[] = "fazhi-parser";

std::string SignalName(int signal) {
  const char* name = strsignal(signal);
  return absl::StrCat("signal ", signal, name != nullptr ? absl::StrCat(", ", name) : "");
}

}  // namespace

std::string DefaultParserBinary() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return kBinaryName;
  std::filesystem::path beside = exe.parent_path() / kBinaryName;
  if (std::filesystem::exists(beside, ec)) return beside.string();
  return InstalledPath(absl::StrCat("bin/", kBinaryName));
}

bool NeedsSandbox(absl::string_view bytes) {
  return formats::DetectContainer(bytes) != "text" || bytes.find('<') != absl::string_view::npos;
}

absl::StatusOr<std::unique_ptr<ParserPool>> ParserPool::Create(const ParserPoolOptions& options) {
  ParserPoolOptions resolved = options;
  if (resolved.binary.empty()) resolved.binary = DefaultParserBinary();
  if (resolved.workers < 1) resolved.workers = 1;
  if (access(resolved.binary.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat("the parser worker ", resolved.binary,
                                                      " cannot be run: ", std::strerror(errno)));
  }
  std::unique_ptr<ParserPool> pool(new ParserPool(resolved));
  // One worker now, so that a broken installation shows at start.
  absl::StatusOr<Worker> first = pool->Spawn();
  if (!first.ok()) return first.status();
  absl::MutexLock lock(&pool->mutex_);
  pool->idle_.push_back(*first);
  pool->running_ = 1;
  return pool;
}

ParserPool::~ParserPool() {
  absl::MutexLock lock(&mutex_);
  for (Worker& w : idle_) {
    close(w.fd);  // the worker ends at the end of its stream
    w.fd = -1;
    int signal = 0;
    Reap(w, &signal);
  }
}

int64_t ParserPool::workers_started() const {
  absl::MutexLock lock(&mutex_);
  return started_;
}

absl::StatusOr<ParserPool::Worker> ParserPool::Spawn() {
  int sockets[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
    return absl::ResourceExhaustedError(absl::StrCat("socketpair: ", std::strerror(errno)));
  }
  std::vector<std::string> args = {
      options_.binary, absl::StrCat("--max_memory_mb=", options_.max_memory_bytes >> 20),
      absl::StrCat("--cpu_seconds=", options_.cpu_seconds)};
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // The worker's end becomes its stdin (dup2 clears close-on-exec); every
  // other descriptor of this server stays closed to it.
  posix_spawn_file_actions_adddup2(&actions, sockets[1], 0);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, options_.binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(sockets[1]);
  if (rc != 0) {
    close(sockets[0]);
    return absl::FailedPreconditionError(
        absl::StrCat("cannot start the parser worker ", options_.binary, ": ", std::strerror(rc)));
  }
  absl::MutexLock lock(&mutex_);
  ++started_;
  return Worker{pid, sockets[0]};
}

std::string ParserPool::Reap(Worker& worker, int* signal) {
  if (worker.fd >= 0) close(worker.fd);
  worker.fd = -1;
  *signal = 0;
  int status = 0;
  // It has closed its end or is about to; give it a moment, then stop it.
  for (int i = 0; i < 200; ++i) {
    pid_t done = waitpid(worker.pid, &status, WNOHANG);
    if (done == worker.pid) {
      worker.pid = -1;
      if (WIFSIGNALED(status)) {
        *signal = WTERMSIG(status);
        return SignalName(*signal);
      }
      return absl::StrCat("exit code ", WEXITSTATUS(status));
    }
    if (done < 0) {
      worker.pid = -1;
      return "ended (status unknown)";
    }
    usleep(10000);
  }
  Kill(worker);
  return "stopped responding";
}

void ParserPool::Kill(Worker& worker) {
  if (worker.fd >= 0) close(worker.fd);
  worker.fd = -1;
  if (worker.pid > 0) {
    kill(worker.pid, SIGKILL);
    int status = 0;
    while (waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  worker.pid = -1;
}

absl::StatusOr<ParserPool::Worker> ParserPool::Borrow() {
  {
    absl::MutexLock lock(&mutex_);
    while (idle_.empty() && running_ >= options_.workers) freed_.Wait(&mutex_);
    if (!idle_.empty()) {
      Worker w = idle_.back();
      idle_.pop_back();
      return w;
    }
    ++running_;  // a new one, started outside the lock
  }
  absl::StatusOr<Worker> w = Spawn();
  if (!w.ok()) {
    absl::MutexLock lock(&mutex_);
    --running_;
    freed_.Signal();
  }
  return w;
}

void ParserPool::Return(Worker worker, bool alive) {
  absl::MutexLock lock(&mutex_);
  if (alive) {
    idle_.push_back(worker);
  } else {
    --running_;
  }
  freed_.Signal();
}

absl::StatusOr<formats::ExtractedText> ParserPool::ParseWith(Worker& worker,
                                                             absl::string_view bytes, bool* alive,
                                                             bool* never_read) {
  *alive = true;
  *never_read = false;
  absl::Time deadline = absl::Now() + options_.deadline;
  fazhi::internal::ParseRequest request;
  request.set_content(std::string(bytes));
  request.set_max_unpacked_bytes(options_.limits.max_unpacked_bytes);
  request.set_max_pdf_pages(options_.limits.max_pdf_pages);
  request.set_max_nesting_depth(options_.limits.max_nesting_depth);
  absl::Status sent = WriteFrame(worker.fd, request.SerializeAsString(), deadline);
  std::string frame;
  absl::Status received = sent;
  if (sent.ok()) {
    // The text, its warnings and framing: bounded by the unpack limit.
    received =
        ReadFrame(worker.fd, 2 * options_.limits.max_unpacked_bytes + (1 << 20), &frame, deadline);
  } else if (absl::IsUnavailable(sent)) {
    *never_read = true;  // it was gone before this document
  }
  if (absl::IsDeadlineExceeded(received)) {
    Kill(worker);
    *alive = false;
    return absl::ResourceExhaustedError(
        absl::StrCat("parsing took longer than ", absl::FormatDuration(options_.deadline),
                     "; the parser worker was stopped and the document set aside"));
  }
  if (!received.ok()) {
    int signal = 0;
    std::string how = Reap(worker, &signal);
    *alive = false;
    if (*never_read) return absl::UnavailableError(absl::StrCat("parser worker ", how));
    if (signal == SIGXCPU) {
      return absl::ResourceExhaustedError(absl::StrCat("parsing used more than its CPU budget of ",
                                                       options_.cpu_seconds, " s (", how, ")"));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("the document parser crashed on this document (", how,
                     "); it ran in a worker process, so nothing else was affected"));
  }
  fazhi::internal::ParseResponse response;
  if (!response.ParseFromString(frame)) {
    Kill(worker);
    *alive = false;
    return absl::InternalError("parser worker sent a malformed answer");
  }
  if (response.worker_exits()) {
    int signal = 0;
    Reap(worker, &signal);
    *alive = false;
  }
  if (response.code() != 0) {
    return absl::Status(static_cast<absl::StatusCode>(response.code()), response.message());
  }
  formats::ExtractedText text;
  text.text = std::move(*response.mutable_text());
  text.format = response.format();
  text.encoding = response.encoding();
  for (std::string& w : *response.mutable_warnings()) text.warnings.push_back(std::move(w));
  text.part_starts.assign(response.part_starts().begin(), response.part_starts().end());
  text.part_kind = response.part_kind();
  return text;
}

absl::StatusOr<formats::ExtractedText> ParserPool::Parse(absl::string_view bytes) {
  // A worker found dead before it read the document (killed from outside)
  // is not the document's fault: one more try with a fresh worker.
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<Worker> worker = Borrow();
    if (!worker.ok()) return worker.status();
    bool alive = true;
    bool never_read = false;
    absl::StatusOr<formats::ExtractedText> text = ParseWith(*worker, bytes, &alive, &never_read);
    Return(*worker, alive);
    if (never_read && attempt == 0) continue;
    return text;
  }
}

}  // namespace fazhi::sandbox
