// The indicator rule catalog: loaded from text proto (schema in
// protos/fazhi/v1/catalog.proto), validated, and compiled into RE2 matchers
// once at start-up: one RE2 per trigger list for exact spans, and one
// Hyperscan database of all of them to find which sentences to look at.
//
//   ASSIGN_OR_RETURN(auto catalog, CompiledCatalog::Create(EmbeddedCatalogText()));
//   for (const CompiledRule& rule : catalog->rules()) ...
#ifndef FAZHI_COMMON_ENGINE_CATALOG_H_
#define FAZHI_COMMON_ENGINE_CATALOG_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/engine/trigger_scanner.h"
#include "fazhi/v1/catalog.pb.h"
#include "re2/re2.h"

namespace fazhi::engine {

// The catalog text built into this binary (common/engine/catalog.textproto).
absl::string_view EmbeddedCatalogText();
// What fazhi-catalog-db worked out for that catalog at build time (its
// trigger scanner compiled for the build machine, each trigger's scan form
// and longest match), so that binaries start without that work; empty in
// the generator itself.
absl::string_view EmbeddedPrecompiledCatalog();

// What the one-pass trigger scan looks for in place of a trigger: the
// trigger without its optional first and last pieces ("(?:执法)?检查(?:企业)?"
// -> "检查"). Every match of the trigger contains a match of that core, so
// the scan still finds every sentence the trigger matches in and still
// bounds where its matches end; plain words scan faster than optional
// affixes. Where a gap (a repeated character class) parts the core, only
// the segment of words with the longest shortest match is kept
// ("发放[^，]{0,16}?宣传资料" -> "宣传资料"): it too is in every match.
// Patterns it cannot take apart come back unchanged. With
// `cut_at_optional`, an optional piece inside the core parts it too
// ("行政(?:复议和)?诉讼" -> "诉讼"): fewer automata, more sentences to match.
std::string ScanForm(const std::string& trigger, bool cut_at_optional = false);

// ScanForm's words, and the trigger up to where those words end
// ("(?:执法)?检查(?:企业)?" -> "检查" and "(?:执法)?检查"): no match starts
// further before the end of the words it holds than that lead is long.
struct ScanSplit {
  std::string form;
  std::string through_form;
};
ScanSplit SplitForScan(const std::string& trigger, bool cut_at_optional = false);

// One ContextualTrigger of a rule, compiled; a null matcher is no condition.
struct CompiledContextualTrigger {
  // Alternation of its patterns, to tell which words a trigger span is.
  std::unique_ptr<RE2> pattern;
  std::unique_ptr<RE2> context;
  bool paragraph_context = false;
  bool context_before = false;
  bool clause_requires_after = false;
  int max_gap_chars = 0;  // 0: the rule's
  std::unique_ptr<RE2> clause_requires;
  std::unique_ptr<RE2> clause_excludes;
  std::unique_ptr<RE2> sentence_excludes;
  std::unique_ptr<RE2> sentence_requires;
  std::unique_ptr<RE2> weak_context_excludes;
};

struct CompiledRule {
  fazhi::v1::IndicatorRule rule;
  // The rule's units as bits at their numbers::UnitIndex: a mention's unit
  // is tested with one shift instead of string comparisons.
  uint64_t unit_mask = 0;
  // Alternation of all triggers, the contextual ones after the plain ones.
  std::unique_ptr<RE2> trigger;
  // Alternation of the plain triggers alone; null when the rule has no
  // contextual triggers (every span of `trigger` is then plain).
  std::unique_ptr<RE2> plain_trigger;
  std::vector<CompiledContextualTrigger> contextual;
  // Alternation of the sentence exclusions; null when there are none.
  std::unique_ptr<RE2> sentence_exclusion;
  int max_gap_after_verb_chars = 0;
  // Alternation of all exclusions; null when there are none.
  std::unique_ptr<RE2> exclusion;
  // Alternation of all zero statements; null when there are none.
  std::unique_ptr<RE2> zero;
  // Alternation of the required context patterns; null when there are none.
  std::unique_ptr<RE2> context;
  int max_gap_chars = 12;
  // Longest trigger and zero-statement match in bytes; 0: unbounded.
  size_t trigger_max_bytes = 0;
  size_t zero_max_bytes = 0;
  // Longest stretch of a trigger (zero statement) match up to the end of
  // the scan form's words in it (SplitForScan); 0: unbounded. No match
  // starts further before the end of the first words the scan saw.
  size_t trigger_lead_bytes = 0;
  size_t zero_lead_bytes = 0;
};

class CompiledCatalog {
 public:
  // Parses and compiles `textproto`. INVALID_ARGUMENT names the rule and
  // pattern at fault (syntax error, duplicate id, no units).
  // `precompiled` may hold SerializePrecompiled() of a catalog
  // (EmbeddedPrecompiledCatalog() for the embedded one): when it was made
  // from this very text, the patterns are known to be valid and their
  // scan forms and widths are taken from it, and its scanner database is
  // used when it fits this Hyperscan and CPU (see TriggerScanner).
  // Anything else in `precompiled` is ignored and everything compiled.
  static absl::StatusOr<std::unique_ptr<CompiledCatalog>> Create(
      absl::string_view textproto, absl::string_view precompiled = {});

  // What Create may skip next time, to build into binaries.
  absl::StatusOr<std::string> SerializePrecompiled() const;
  // Whether Create took the patterns' facts from `precompiled`.
  bool patterns_precompiled() const { return patterns_precompiled_; }
  // Whether Create could use the scanner database in `precompiled`.
  bool scanner_precompiled() const { return rule_words_->from_precompiled(); }

  const std::vector<CompiledRule>& rules() const { return rules_; }
  // Count verbs, as one pattern that matches at the end of a text ("开展了");
  // null when the catalog has none.
  const RE2* count_verb_before() const { return count_verb_before_.get(); }
  // Requirement markers and period words (see catalog.proto); null: none.
  const RE2* requirement() const { return requirement_.get(); }
  const RE2* period() const { return period_.get(); }
  const RE2* frequency() const { return frequency_.get(); }
  const std::string& version() const { return version_; }
  // Where a rule's trigger or zero statement ends in `text`, for every rule
  // at once: one pass over the text instead of one per rule or sentence.
  // A hit's id names the rule and the list: see RuleOf and IsZeroStatement.
  absl::StatusOr<std::vector<TriggerScanner::Hit>> FindRuleWords(absl::string_view text) const {
    return rule_words_->Scan(text);
  }
  static int RuleOf(const TriggerScanner::Hit& hit) { return hit.id / 2; }
  static bool IsZeroStatement(const TriggerScanner::Hit& hit) { return hit.id % 2 == 1; }
  // Whether a hit is a requirement or frequency marker (of no rule): only
  // sentences with one need the check whether a figure is a requirement.
  bool IsMarker(const TriggerScanner::Hit& hit) const { return hit.id == marker_id_; }

 private:
  CompiledCatalog() = default;
  std::vector<CompiledRule> rules_;
  std::unique_ptr<RE2> count_verb_before_;
  std::unique_ptr<RE2> requirement_;
  std::unique_ptr<RE2> period_;
  std::unique_ptr<RE2> frequency_;
  std::string version_;
  // SHA-256 of the text the catalog was compiled from.
  std::string text_sha256_;
  bool patterns_precompiled_ = false;
  // What the trigger scan looks for: pattern id 2 * rule for triggers,
  // 2 * rule + 1 for zero statements, and marker_id_ (2 * rules, after
  // them) for the requirement and frequency markers.
  int marker_id_ = -1;
  std::vector<TriggerScanner::Pattern> scan_patterns_;
  std::unique_ptr<TriggerScanner> rule_words_;
};

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_CATALOG_H_
