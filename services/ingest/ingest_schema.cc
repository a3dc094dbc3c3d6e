#include "services/ingest/ingest_schema.h"

#include "absl/strings/str_cat.h"

namespace fazhi::ingest {

const std::vector<std::string>& IngestFamilies() {
  static const auto* kFamilies = new std::vector<std::string>{
      kDocumentsFamily, kJobsFamily, kQueueFamily, kReportsFamily, kOutboxFamily};
  return *kFamilies;
}

std::string DocumentKey(absl::string_view id) { return absl::StrCat("d/", id); }
std::string JobKey(absl::string_view id) { return absl::StrCat("j/", id); }
std::string QueueKey(absl::string_view id) { return absl::StrCat(kQueuePrefix, id); }
std::string ReportKey(absl::string_view id) { return absl::StrCat("p/", id); }
std::string OutboxKey(absl::string_view id) { return absl::StrCat(kOutboxPrefix, id); }

absl::string_view IdOfKey(absl::string_view key) {
  return key.size() > 2 ? key.substr(2) : absl::string_view();
}

}  // namespace fazhi::ingest
