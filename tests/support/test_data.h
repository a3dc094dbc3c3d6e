// Test data every test binary may read without linking the services: the
// gazetteer index the build makes, and our own fixture reports
// (tests/data/reports).
#ifndef FAZHI_TESTS_SUPPORT_TEST_DATA_H_
#define FAZHI_TESTS_SUPPORT_TEST_DATA_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/gazetteer/gazetteer.h"
#include "gtest/gtest.h"

namespace fazhi::testing {

// The build's gazetteer, loaded once per test binary and kept.
inline const gazetteer::Gazetteer& TestGazetteer() {
  static const gazetteer::Gazetteer* g = [] {
    auto loaded =
        gazetteer::Gazetteer::Load(std::string(FAZHI_BINARY_DIR) + "/share/fazhi/gazetteer.tsv");
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      std::abort();
    }
    return loaded->release();
  }();
  return *g;
}

// (file name, bytes) of each fixture report in tests/data/reports.
inline std::vector<std::pair<std::string, std::string>> FixtureReports() {
  std::vector<std::pair<std::string, std::string>> reports;
  for (const auto& entry :
       std::filesystem::directory_iterator(FAZHI_SOURCE_DIR "/tests/data/reports")) {
    if (entry.path().filename() == "README.md") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    reports.emplace_back(entry.path().filename().string(), bytes.str());
  }
  return reports;
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_TEST_DATA_H_
