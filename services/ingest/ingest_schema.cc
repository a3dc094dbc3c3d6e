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

std::string EncodeOrder(int64_t order) {
  std::string out(8, '\0');
  uint64_t bits = static_cast<uint64_t>(order);
  for (int i = 7; i >= 0; --i, bits >>= 8) out[i] = static_cast<char>(bits & 0xFF);
  return out;
}

int64_t DecodeOrder(absl::string_view bytes) {
  uint64_t bits = 0;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) {
    bits = (bits << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return static_cast<int64_t>(bits);
}

absl::string_view IdOfKey(absl::string_view key) {
  return key.size() > 2 ? key.substr(2) : absl::string_view();
}

}  // namespace fazhi::ingest
