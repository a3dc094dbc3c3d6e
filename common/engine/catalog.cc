#include "common/engine/catalog.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/engine/re2_util.h"
#include "common/text/utf8.h"
#include "google/protobuf/text_format.h"

namespace fazhi::engine {
namespace {

// Compiles the alternation of `patterns`; null for an empty list.
absl::StatusOr<std::unique_ptr<RE2>> CompileAlternation(
    const google::protobuf::RepeatedPtrField<std::string>& patterns, absl::string_view rule_id,
    absl::string_view what) {
  if (patterns.empty()) return nullptr;
  std::vector<std::string> groups;
  for (const std::string& p : patterns) {
    RE2 single(p, RE2::Quiet);
    if (!single.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("catalog rule '", rule_id, "': bad ", what,
                                                     " pattern '", p, "': ", single.error()));
    }
    groups.push_back(absl::StrCat("(?:", p, ")"));
  }
  auto re = std::make_unique<RE2>(absl::StrJoin(groups, "|"), RE2::Quiet);
  if (!re->ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("catalog rule '", rule_id, "': ", what, ": ", re->error()));
  }
  return re;
}

// Top-level pieces of a pattern without alternation: "(?:执法)?检查" is
// {"(?:执法)?", "检查"} (one piece per character, group or class, with its
// quantifier). Empty when the pattern has a top-level "|" or cannot be
// split safely.
std::vector<std::string> TopLevelPieces(const std::string& pattern) {
  std::vector<std::string> pieces;
  size_t i = 0;
  while (i < pattern.size()) {
    size_t start = i;
    char c = pattern[i];
    if (c == '|') return {};
    if (c == '(') {
      int depth = 0;
      for (; i < pattern.size(); ++i) {
        if (pattern[i] == '\\') {
          ++i;
        } else if (pattern[i] == '[') {
          while (i < pattern.size() && pattern[i] != ']') i += pattern[i] == '\\' ? 2 : 1;
        } else if (pattern[i] == '(') {
          ++depth;
        } else if (pattern[i] == ')' && --depth == 0) {
          break;
        }
      }
      if (i >= pattern.size()) return {};
      ++i;
    } else if (c == '[') {
      ++i;
      if (i < pattern.size() && pattern[i] == '^') ++i;
      if (i < pattern.size() && pattern[i] == ']') ++i;
      while (i < pattern.size() && pattern[i] != ']') i += pattern[i] == '\\' ? 2 : 1;
      if (i >= pattern.size()) return {};
      ++i;
    } else if (c == '\\') {
      i += 2;
    } else {
      i += text::Utf8Length(static_cast<unsigned char>(c));  // one character
    }
    // Its quantifier, if any: ? * + {m,n}, each maybe lazy.
    if (i < pattern.size() && (pattern[i] == '?' || pattern[i] == '*' || pattern[i] == '+')) {
      ++i;
    } else if (i < pattern.size() && pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      if (close == std::string::npos) return {};
      i = close + 1;
    }
    if (i < pattern.size() && pattern[i] == '?') ++i;
    pieces.push_back(pattern.substr(start, i - start));
  }
  return pieces;
}

// A piece that may match nothing: "(?:各类)?", "x*", "[^，]{0,4}?".
bool Optional(const std::string& piece) {
  std::string q = piece;
  if (q.size() > 1 && q.back() == '?' &&
      (q[q.size() - 2] == '?' || q[q.size() - 2] == '*' || q[q.size() - 2] == '}')) {
    q.pop_back();  // lazy mark
  }
  if (q.back() == '?' || q.back() == '*') return true;
  size_t brace = q.rfind('{');
  return q.back() == '}' && brace != std::string::npos && q.compare(brace, 3, "{0,") == 0;
}

}  // namespace

std::string ScanForm(const std::string& pattern) {
  std::vector<std::string> pieces = TopLevelPieces(pattern);
  size_t begin = 0;
  size_t end = pieces.size();
  while (begin < end && Optional(pieces[begin])) ++begin;
  while (end > begin && Optional(pieces[end - 1])) --end;
  if (begin == end) return pattern;  // nothing mandatory, or not split
  std::string core;
  for (size_t k = begin; k < end; ++k) core += pieces[k];
  RE2 check(core, RE2::Quiet);
  return check.ok() ? core : pattern;
}

namespace {

std::string ScanAlternation(const google::protobuf::RepeatedPtrField<std::string>& patterns) {
  std::vector<std::string> groups;
  for (const std::string& p : patterns) groups.push_back(absl::StrCat("(?:", ScanForm(p), ")"));
  return absl::StrJoin(groups, "|");
}

}  // namespace

absl::StatusOr<std::unique_ptr<CompiledCatalog>> CompiledCatalog::Create(
    absl::string_view textproto, absl::string_view scanner_database) {
  fazhi::v1::IndicatorCatalog proto;
  if (!google::protobuf::TextFormat::ParseFromString(std::string(textproto), &proto)) {
    return absl::InvalidArgumentError(
        "indicator catalog is not a valid fazhi.v1.IndicatorCatalog text proto");
  }
  std::unique_ptr<CompiledCatalog> catalog(new CompiledCatalog());
  catalog->version_ = proto.version();
  std::vector<TriggerScanner::Pattern> rule_words;
  std::set<std::string> ids;
  for (const fazhi::v1::IndicatorRule& rule : proto.indicators()) {
    if (rule.id().empty()) {
      return absl::InvalidArgumentError("catalog has a rule without an id");
    }
    if (!ids.insert(rule.id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("catalog rule '", rule.id(), "' is defined twice"));
    }
    if (rule.units().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("catalog rule '", rule.id(), "' has no units"));
    }
    if (rule.triggers().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("catalog rule '", rule.id(), "' has no triggers"));
    }
    CompiledRule compiled;
    compiled.rule = rule;
    auto trigger = CompileAlternation(rule.triggers(), rule.id(), "trigger");
    if (!trigger.ok()) return trigger.status();
    compiled.trigger = *std::move(trigger);
    auto exclusion = CompileAlternation(rule.exclusions(), rule.id(), "exclusion");
    if (!exclusion.ok()) return exclusion.status();
    compiled.exclusion = *std::move(exclusion);
    auto zero = CompileAlternation(rule.zero_statements(), rule.id(), "zero");
    if (!zero.ok()) return zero.status();
    compiled.zero = *std::move(zero);
    auto context = CompileAlternation(rule.requires_context(), rule.id(), "context");
    if (!context.ok()) return context.status();
    compiled.context = *std::move(context);
    if (rule.max_gap_chars() > 0) compiled.max_gap_chars = rule.max_gap_chars();

    int rule_index = static_cast<int>(catalog->rules_.size());
    rule_words.push_back({ScanAlternation(rule.triggers()), 2 * rule_index});
    compiled.trigger_max_bytes = TriggerScanner::MaxMatchBytes(compiled.trigger->pattern());
    if (compiled.zero != nullptr) {
      rule_words.push_back({ScanAlternation(rule.zero_statements()), 2 * rule_index + 1});
      compiled.zero_max_bytes = TriggerScanner::MaxMatchBytes(compiled.zero->pattern());
    }
    catalog->rules_.push_back(std::move(compiled));
  }
  auto scanner = TriggerScanner::Create(rule_words, scanner_database);
  if (!scanner.ok()) {
    // Name the rule at fault: compile its patterns one by one.
    for (const TriggerScanner::Pattern& p : rule_words) {
      auto alone = TriggerScanner::Create({p});
      if (!alone.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("catalog rule '",
                                                       catalog->rules_[p.id / 2].rule.id(),
                                                       "': ", alone.status().message()));
      }
    }
    return absl::InvalidArgumentError(
        absl::StrCat("indicator catalog: ", scanner.status().message()));
  }
  catalog->rule_words_ = *std::move(scanner);
  return catalog;
}

}  // namespace fazhi::engine
