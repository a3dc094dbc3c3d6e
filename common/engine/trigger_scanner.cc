#include "common/engine/trigger_scanner.h"

#include <hs.h>

#include <algorithm>
#include <climits>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/base/content_hash.h"

namespace fazhi::engine {
namespace {

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to,
            unsigned int /*flags*/, void* context) {
  static_cast<std::vector<TriggerScanner::Hit>*>(context)->push_back(
      {static_cast<int>(id), static_cast<size_t>(to)});
  return 0;  // keep scanning
}

// The shortest and longest match of `regex` in bytes, as Hyperscan works
// them out (max UINT_MAX: unbounded); both 0 when it cannot analyse it.
struct Widths {
  unsigned int min = 0;
  unsigned int max = 0;
};
Widths WidthsOf(const std::string& regex) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(regex.c_str(), HS_FLAG_UTF8, &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return {};
  }
  Widths w{info->min_width, info->max_width};
  std::free(info);
  return w;
}

}  // namespace

std::string TriggerScanner::KeyOf(const std::vector<Pattern>& patterns) {
  std::string all = absl::StrCat("hyperscan ", hs_version(), "\n");
  for (const Pattern& p : patterns) absl::StrAppend(&all, p.id, " ", p.regex, "\n");
  return absl::StrCat("fazhi-trigger-scanner ", Sha256Hex(all), "\n");
}

size_t TriggerScanner::MaxMatchBytes(const std::string& regex) {
  Widths w = WidthsOf(regex);
  return w.max == UINT_MAX ? 0 : w.max;
}

size_t TriggerScanner::MinMatchBytes(const std::string& regex) { return WidthsOf(regex).min; }

absl::StatusOr<std::string> TriggerScanner::Serialize() const {
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(database_, &bytes, &length) != HS_SUCCESS) {
    return absl::InternalError("cannot serialize the trigger scanner database");
  }
  std::string out = key_;
  out.append(bytes, length);
  std::free(bytes);
  return out;
}

absl::StatusOr<std::unique_ptr<TriggerScanner>> TriggerScanner::Create(
    const std::vector<Pattern>& patterns, absl::string_view precompiled) {
  if (patterns.empty()) return absl::InvalidArgumentError("trigger scanner needs a pattern");
  std::unique_ptr<TriggerScanner> scanner(new TriggerScanner());
  scanner->key_ = KeyOf(patterns);
  // A database made for other patterns, another Hyperscan or another kind
  // of CPU is not used: Hyperscan refuses the last two itself.
  if (absl::ConsumePrefix(&precompiled, scanner->key_) &&
      hs_deserialize_database(precompiled.data(), precompiled.size(), &scanner->database_) ==
          HS_SUCCESS) {
    if (hs_alloc_scratch(scanner->database_, &scanner->prototype_) == HS_SUCCESS) {
      scanner->from_precompiled_ = true;
      return scanner;
    }
    hs_free_database(scanner->database_);
    scanner->database_ = nullptr;
  }
  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (const Pattern& p : patterns) {
    expressions.push_back(p.regex.c_str());
    flags.push_back(HS_FLAG_UTF8);
    ids.push_back(static_cast<unsigned int>(p.id));
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned int>(patterns.size()), HS_MODE_BLOCK, nullptr,
                       &scanner->database_, &error) != HS_SUCCESS) {
    std::string message = error != nullptr ? error->message : "unknown error";
    int at = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    return absl::InvalidArgumentError(absl::StrCat(
        "pattern '", at >= 0 && at < static_cast<int>(patterns.size()) ? patterns[at].regex : "",
        "' is not supported by the trigger scanner: ", message));
  }
  if (hs_alloc_scratch(scanner->database_, &scanner->prototype_) != HS_SUCCESS) {
    return absl::ResourceExhaustedError("cannot allocate trigger scanner scratch space");
  }
  return scanner;
}

TriggerScanner::~TriggerScanner() {
  for (hs_scratch* s : idle_) hs_free_scratch(s);
  hs_free_scratch(prototype_);
  hs_free_database(database_);
}

hs_scratch* TriggerScanner::BorrowScratch() const {
  {
    absl::MutexLock lock(&mutex_);
    if (!idle_.empty()) {
      hs_scratch* s = idle_.back();
      idle_.pop_back();
      return s;
    }
  }
  hs_scratch* s = nullptr;
  if (hs_clone_scratch(prototype_, &s) != HS_SUCCESS) return nullptr;
  return s;
}

void TriggerScanner::ReturnScratch(hs_scratch* scratch) const {
  absl::MutexLock lock(&mutex_);
  idle_.push_back(scratch);
}

absl::StatusOr<std::vector<TriggerScanner::Hit>> TriggerScanner::Scan(
    absl::string_view text) const {
  std::vector<Hit> hits;
  hits.reserve(text.size() / 128);  // about one hit per 170 bytes of a report
  hs_scratch* scratch = BorrowScratch();
  if (scratch == nullptr) {
    return absl::ResourceExhaustedError("cannot allocate trigger scanner scratch space");
  }
  // Hyperscan takes an unsigned length; documents are limited far below 4 GiB.
  hs_error_t rc = hs_scan(database_, text.data(), static_cast<unsigned int>(text.size()), 0,
                          scratch, OnMatch, &hits);
  ReturnScratch(scratch);
  if (rc != HS_SUCCESS) return absl::InternalError(absl::StrCat("trigger scan failed: ", rc));
  // Block mode reports in end order for literal-like patterns; sorting
  // keeps the promise for every pattern shape.
  if (!std::is_sorted(hits.begin(), hits.end(),
                      [](const Hit& a, const Hit& b) { return a.end < b.end; })) {
    std::stable_sort(hits.begin(), hits.end(),
                     [](const Hit& a, const Hit& b) { return a.end < b.end; });
  }
  return hits;
}

}  // namespace fazhi::engine
