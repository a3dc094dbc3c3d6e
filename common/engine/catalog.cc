#include "common/engine/catalog.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/engine/re2_util.h"
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
    rule_words.push_back({compiled.trigger->pattern(), 2 * rule_index});
    compiled.trigger_max_bytes = TriggerScanner::MaxMatchBytes(compiled.trigger->pattern());
    if (compiled.zero != nullptr) {
      rule_words.push_back({compiled.zero->pattern(), 2 * rule_index + 1});
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
