// The invariants of a ParsedReport's evidence, for the fuzz targets that
// run the whole engine (as tests/unit/common/engine/robustness_test.cc
// checks them on mutated fixtures): spans inside the normalised text,
// quotes that are the text at their span, original offsets inside the
// decoded text.
#ifndef FAZHI_TESTS_FUZZ_REPORT_CHECKS_H_
#define FAZHI_TESTS_FUZZ_REPORT_CHECKS_H_

#include <cstddef>
#include <string>

#include "fazhi/v1/report.pb.h"
#include "tests/fuzz/fuzz_check.h"

namespace fazhi::fuzz {

inline void CheckEvidence(const fazhi::v1::Evidence& e, const std::string& text,
                          size_t decoded_size) {
  FAZHI_FUZZ_CHECK(0 <= e.start() && e.start() <= e.end());
  FAZHI_FUZZ_CHECK(static_cast<size_t>(e.end()) <= text.size());
  FAZHI_FUZZ_CHECK(e.quote() == text.substr(e.start(), e.end() - e.start()));
  FAZHI_FUZZ_CHECK(e.text().find(e.quote()) != std::string::npos);
  FAZHI_FUZZ_CHECK(0 <= e.original_start() && e.original_start() <= e.original_end());
  FAZHI_FUZZ_CHECK(static_cast<size_t>(e.original_end()) <= decoded_size);
}

// REQUIRES: `report` was extracted with include_normalized_text;
// `decoded_size` is the size of the text its original offsets point into.
inline void CheckReport(const fazhi::v1::ParsedReport& report, size_t decoded_size) {
  const std::string& text = report.normalized_text();
  FAZHI_FUZZ_CHECK(IsUtf8(text));
  if (report.entity().has_evidence()) CheckEvidence(report.entity().evidence(), text, decoded_size);
  for (const auto& section : report.sections()) {
    FAZHI_FUZZ_CHECK(0 <= section.start() && section.start() <= section.end());
    FAZHI_FUZZ_CHECK(static_cast<size_t>(section.end()) <= text.size());
  }
  for (const auto& indicator : report.indicators()) {
    FAZHI_FUZZ_CHECK(!indicator.id().empty());
    CheckEvidence(indicator.evidence(), text, decoded_size);
    for (const auto& alternative : indicator.alternatives()) {
      CheckEvidence(alternative.evidence(), text, decoded_size);
    }
  }
  // The report crosses gRPC: a string field that is not UTF-8 serialises
  // with a logged error and then fails to parse at the client.
  fazhi::v1::ParsedReport received;
  FAZHI_FUZZ_CHECK(received.ParseFromString(report.SerializeAsString()));
}

}  // namespace fazhi::fuzz

#endif  // FAZHI_TESTS_FUZZ_REPORT_CHECKS_H_
