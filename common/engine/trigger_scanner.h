// Finds where any of many regular expressions match in a text, in one pass
// over the whole text (Hyperscan block mode). The engine uses it to learn
// which sentences mention which indicator rules before it does any
// per-sentence work.
//
//   ASSIGN_OR_RETURN(auto scanner, TriggerScanner::Create({{"行政复议", 0}, {"信访", 1}}));
//   ASSIGN_OR_RETURN(std::vector<TriggerScanner::Hit> hits, scanner->Scan(text));
//   for (const TriggerScanner::Hit& hit : hits) ...  // hit.id, hit.end
#ifndef FAZHI_COMMON_ENGINE_TRIGGER_SCANNER_H_
#define FAZHI_COMMON_ENGINE_TRIGGER_SCANNER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

struct hs_database;
struct hs_scratch;

namespace fazhi::engine {

class TriggerScanner {
 public:
  struct Pattern {
    std::string regex;  // UTF-8, the RE2 subset Hyperscan shares
    int id = 0;
  };
  struct Hit {
    int id = 0;
    // Byte offset just past the end of a match. Every end offset at which
    // some match of the pattern ends is reported, in increasing order.
    size_t end = 0;
  };

  // INVALID_ARGUMENT names the first pattern Hyperscan cannot compile.
  // `precompiled` may hold what Serialize() wrote for these very patterns
  // (a database built into the binary): it is used when it was made for
  // the same patterns, Hyperscan version and kind of CPU, which saves the
  // compilation (~0.1 s); otherwise the patterns are compiled.
  static absl::StatusOr<std::unique_ptr<TriggerScanner>> Create(
      const std::vector<Pattern>& patterns, absl::string_view precompiled = {});
  ~TriggerScanner();

  // The longest match `regex` can have, in bytes; 0 when unbounded or not
  // analysable. Lets exact matching start no earlier than it must.
  static size_t MaxMatchBytes(const std::string& regex);
  // The shortest match `regex` can have, in bytes; 0 when not analysable.
  static size_t MinMatchBytes(const std::string& regex);

  // The compiled database with a key naming the patterns and the
  // Hyperscan version it was built from.
  absl::StatusOr<std::string> Serialize() const;
  // Whether Create used the precompiled database.
  bool from_precompiled() const { return from_precompiled_; }

  // Thread-safe: each call borrows its own scratch space. Fails only when
  // scratch space cannot be allocated (RESOURCE_EXHAUSTED).
  // REQUIRES: `text` is valid UTF-8.
  absl::StatusOr<std::vector<Hit>> Scan(absl::string_view text) const;

 private:
  TriggerScanner() = default;
  hs_scratch* BorrowScratch() const;
  void ReturnScratch(hs_scratch* scratch) const;

  // Names the patterns and the Hyperscan version; heads a serialized database.
  static std::string KeyOf(const std::vector<Pattern>& patterns);

  std::string key_;
  bool from_precompiled_ = false;
  hs_database* database_ = nullptr;
  hs_scratch* prototype_ = nullptr;
  mutable absl::Mutex mutex_;
  // Scratch spaces not in use; one per thread that has scanned at once.
  mutable std::vector<hs_scratch*> idle_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_TRIGGER_SCANNER_H_
