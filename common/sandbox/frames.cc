#include "common/sandbox/frames.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace fazhi::sandbox {
namespace {

// Waits until `fd` is ready for `events` or the deadline passes.
absl::Status WaitReady(int fd, short events, absl::Time deadline) {
  while (true) {
    int timeout_ms = -1;
    if (deadline != absl::InfiniteFuture()) {
      absl::Duration left = deadline - absl::Now();
      if (left <= absl::ZeroDuration()) return absl::DeadlineExceededError("deadline passed");
      timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(left)) + 1;
    }
    pollfd p{fd, events, 0};
    int n = poll(&p, 1, timeout_ms);
    if (n > 0) return absl::OkStatus();  // ready, or hung up: the read/write says which
    if (n < 0 && errno != EINTR) {
      return absl::UnavailableError(absl::StrCat("poll: ", std::strerror(errno)));
    }
  }
}

absl::Status ReadExactly(int fd, char* out, size_t size, absl::Time deadline, bool* got_any) {
  size_t done = 0;
  while (done < size) {
    if (absl::Status ready = WaitReady(fd, POLLIN, deadline); !ready.ok()) return ready;
    ssize_t n = read(fd, out + done, size - done);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return absl::UnavailableError(absl::StrCat("read: ", std::strerror(errno)));
    if (n == 0) return absl::UnavailableError("end of stream");
    done += static_cast<size_t>(n);
    *got_any = true;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteFrame(int fd, absl::string_view payload, absl::Time deadline) {
  uint32_t length = static_cast<uint32_t>(payload.size());
  unsigned char header[4] = {
      static_cast<unsigned char>(length), static_cast<unsigned char>(length >> 8),
      static_cast<unsigned char>(length >> 16), static_cast<unsigned char>(length >> 24)};
  for (absl::string_view part :
       {absl::string_view(reinterpret_cast<const char*>(header), 4), payload}) {
    size_t done = 0;
    while (done < part.size()) {
      if (absl::Status ready = WaitReady(fd, POLLOUT, deadline); !ready.ok()) return ready;
      // MSG_NOSIGNAL: a worker that died must not kill this process with
      // SIGPIPE.
      ssize_t n = send(fd, part.data() + done, part.size() - done, MSG_NOSIGNAL);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n < 0) return absl::UnavailableError(absl::StrCat("send: ", std::strerror(errno)));
      done += static_cast<size_t>(n);
    }
  }
  return absl::OkStatus();
}

absl::Status ReadFrame(int fd, int64_t max_bytes, std::string* payload, absl::Time deadline) {
  unsigned char header[4];
  bool got_any = false;
  absl::Status s = ReadExactly(fd, reinterpret_cast<char*>(header), 4, deadline, &got_any);
  if (!s.ok()) {
    if (!got_any && absl::IsUnavailable(s) && s.message() == "end of stream") {
      return absl::OutOfRangeError("end of stream");
    }
    return s;
  }
  uint32_t length =
      header[0] | header[1] << 8 | header[2] << 16 | static_cast<uint32_t>(header[3]) << 24;
  if (static_cast<int64_t>(length) > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("frame of ", length, " bytes exceeds ", max_bytes));
  }
  payload->resize(length);
  return ReadExactly(fd, payload->data(), length, deadline, &got_any);
}

}  // namespace fazhi::sandbox
