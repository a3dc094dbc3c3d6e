// Length-prefixed messages over a socket between extract and a parser
// worker: 4 bytes little-endian length, then the serialized message.
#ifndef FAZHI_COMMON_SANDBOX_FRAMES_H_
#define FAZHI_COMMON_SANDBOX_FRAMES_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace fazhi::sandbox {

// Writes one frame; UNAVAILABLE when the peer is gone, DEADLINE_EXCEEDED
// when it stops reading past `deadline`.
absl::Status WriteFrame(int fd, absl::string_view payload,
                        absl::Time deadline = absl::InfiniteFuture());
// Reads one frame into `payload`. OUT_OF_RANGE at a clean end of stream
// (no byte of a new frame), UNAVAILABLE when the stream breaks mid-frame,
// DEADLINE_EXCEEDED past `deadline`, RESOURCE_EXHAUSTED for a frame longer
// than `max_bytes`.
absl::Status ReadFrame(int fd, int64_t max_bytes, std::string* payload,
                       absl::Time deadline = absl::InfiniteFuture());

}  // namespace fazhi::sandbox

#endif  // FAZHI_COMMON_SANDBOX_FRAMES_H_
