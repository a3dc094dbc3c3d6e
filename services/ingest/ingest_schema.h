// On-disk schema of the ingest store (RocksDB). A job moves through the
// families below; each move is one synced WriteBatch, so a crash leaves
// every job in exactly one state.
//
//   "documents": "d/" report_id -> fazhi.v1.Document (as submitted)
//   "jobs":      "j/" job_id    -> fazhi.v1.Job (job_id == report_id)
//   "queue":     "q/" job_id    -> ""  waiting for extraction
//   "reports":   "p/" report_id -> fazhi.v1.ParsedReport
//   "outbox":    "o/" report_id -> ""  waiting for delivery to aggregate
//   "jobs":      "m/version_order" -> the last Job.version_order handed out
//                (8 bytes big-endian), so that orders keep rising across
//                restarts even when the clock was set back
//
// Job states are fazhi.v1.JobState values, stored as such: never renumber.
#ifndef FAZHI_SERVICES_INGEST_INGEST_SCHEMA_H_
#define FAZHI_SERVICES_INGEST_INGEST_SCHEMA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace fazhi::ingest {

inline constexpr char kDocumentsFamily[] = "documents";
inline constexpr char kJobsFamily[] = "jobs";
inline constexpr char kQueueFamily[] = "queue";
inline constexpr char kReportsFamily[] = "reports";
inline constexpr char kOutboxFamily[] = "outbox";

const std::vector<std::string>& IngestFamilies();

std::string DocumentKey(absl::string_view report_id);
std::string JobKey(absl::string_view job_id);
std::string QueueKey(absl::string_view job_id);
std::string ReportKey(absl::string_view report_id);
std::string OutboxKey(absl::string_view report_id);
inline constexpr char kVersionOrderKey[] = "m/version_order";
std::string EncodeOrder(int64_t order);
int64_t DecodeOrder(absl::string_view bytes);

inline constexpr char kQueuePrefix[] = "q/";
inline constexpr char kOutboxPrefix[] = "o/";
// The id after a two-character prefix ("q/abc" -> "abc").
absl::string_view IdOfKey(absl::string_view key);

}  // namespace fazhi::ingest

#endif  // FAZHI_SERVICES_INGEST_INGEST_SCHEMA_H_
