#include "common/engine/catalog.h"

#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/base/content_hash.h"
#include "common/engine/re2_util.h"
#include "common/numbers/numbers.h"
#include "common/text/utf8.h"
#include "google/protobuf/text_format.h"

namespace fazhi::engine {
namespace {

// Compiles the alternation of `patterns`; null for an empty list. Each
// pattern is compiled alone first unless `known_valid`: one that is not a
// regular expression by itself ("a)|(b") could still make a valid
// alternation.
absl::StatusOr<std::unique_ptr<RE2>> CompileAlternation(
    const google::protobuf::RepeatedPtrField<std::string>& patterns, absl::string_view rule_id,
    absl::string_view what, bool known_valid) {
  if (patterns.empty()) return nullptr;
  std::vector<std::string> groups;
  for (const std::string& p : patterns) {
    if (known_valid) {
      groups.push_back(absl::StrCat("(?:", p, ")"));
      continue;
    }
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

// Builds now what RE2 would build at a search's first need: the reverse
// program that finds where a match starts (Match with a span). Built
// lazily, it cost the first 4 MB of reports 14 % more instructions than
// the next 4 MB (now 5 %).
void PrepareSpans(const RE2* re) {
  if (re != nullptr) (void)re->ReverseProgramSize();
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

namespace {

// A piece that repeats a character class ("[^，。]{0,16}?", "[^》]{1,30}"):
// the gap of a "verb ... noun" trigger, which Hyperscan can only follow
// with an automaton, where words alone are found by its literal matchers.
bool IsClassRepeat(const std::string& piece) {
  if (piece.empty() || piece[0] != '[') return false;
  size_t close = piece.find(']', piece.size() > 2 && piece[1] == '^' ? 3 : 2);
  return close != std::string::npos && close + 1 < piece.size();
}

// The mandatory core of `pieces` [begin, end): optional pieces at either
// end dropped; empty when nothing is mandatory.
// Pieces [begin, end) without the optional ones at either end.
std::pair<size_t, size_t> MandatoryRange(const std::vector<std::string>& pieces, size_t begin,
                                         size_t end) {
  while (begin < end && Optional(pieces[begin])) ++begin;
  while (end > begin && Optional(pieces[end - 1])) --end;
  return {begin, end};
}

std::string Joined(const std::vector<std::string>& pieces, size_t begin, size_t end) {
  std::string joined;
  for (size_t k = begin; k < end; ++k) joined += pieces[k];
  return joined;
}

std::string CoreOf(const std::vector<std::string>& pieces, size_t begin, size_t end) {
  auto [core_begin, core_end] = MandatoryRange(pieces, begin, end);
  return Joined(pieces, core_begin, core_end);
}

}  // namespace

ScanSplit SplitForScan(const std::string& pattern, bool cut_at_optional) {
  std::vector<std::string> pieces = TopLevelPieces(pattern);
  ScanSplit whole{pattern, pattern};
  std::string core = CoreOf(pieces, 0, pieces.size());
  if (core.empty()) return whole;  // nothing mandatory, or not split
  // Where the core ends: the pieces before it, optional ones included,
  // make the lead.
  size_t end = MandatoryRange(pieces, 0, pieces.size()).second;
  // Words on either side of a gap: every match contains each mandatory
  // segment, so the scan may look for one alone, which Hyperscan finds with
  // its literal matchers instead of an automaton (the scan takes half the
  // time). The segment with the longest shortest match is the rarest guess;
  // the last one (the noun) on a tie.
  std::string best;
  size_t best_end = 0;
  size_t best_width = 0;
  bool cut = false;
  for (size_t k = 0, start = 0; k <= pieces.size(); ++k) {
    if (k < pieces.size() && !IsClassRepeat(pieces[k]) &&
        !(cut_at_optional && Optional(pieces[k]))) {
      continue;
    }
    cut |= k < pieces.size();
    std::string segment = CoreOf(pieces, start, k);
    size_t segment_end = MandatoryRange(pieces, start, k).second;
    start = k + 1;
    size_t width = segment.empty() ? 0 : TriggerScanner::MinMatchBytes(segment);
    if (width > 0 && width >= best_width) {
      best = std::move(segment);
      best_end = segment_end;
      best_width = width;
    }
  }
  if (cut && !best.empty()) {
    core = std::move(best);
    end = best_end;
  }
  RE2 check(core, RE2::Quiet);
  if (!check.ok()) return whole;
  return {core, Joined(pieces, 0, end)};
}

std::string ScanForm(const std::string& pattern, bool cut_at_optional) {
  return SplitForScan(pattern, cut_at_optional).form;
}

namespace {

// What the scan looks for in place of `patterns`, and how far before the
// end of those words a match may start: the longest lead of any of them
// (0: unbounded).
struct ScanFacts {
  std::string form;
  size_t lead_bytes = 0;
};
ScanFacts ScanAlternation(const google::protobuf::RepeatedPtrField<std::string>& patterns,
                          bool cut_at_optional = false) {
  std::vector<std::string> groups;
  ScanFacts facts;
  bool bounded = true;
  for (const std::string& p : patterns) {
    ScanSplit split = SplitForScan(p, cut_at_optional);
    groups.push_back(absl::StrCat("(?:", split.form, ")"));
    size_t lead = TriggerScanner::MaxMatchBytes(split.through_form);
    bounded &= lead > 0;
    facts.lead_bytes = std::max(facts.lead_bytes, lead);
  }
  facts.form = absl::StrJoin(groups, "|");
  if (!bounded) facts.lead_bytes = 0;
  return facts;
}

// Plain triggers first, then every contextual trigger's patterns: what the
// scan and the exact matching look for.
google::protobuf::RepeatedPtrField<std::string> AllTriggers(const fazhi::v1::IndicatorRule& rule) {
  google::protobuf::RepeatedPtrField<std::string> all = rule.triggers();
  for (const fazhi::v1::ContextualTrigger& c : rule.contextual_triggers()) {
    for (const std::string& p : c.patterns()) *all.Add() = p;
  }
  return all;
}

// SerializePrecompiled()'s layout: kPrecompiledMagic, the catalog text's
// SHA-256 (64 hex digits), the number of rules, then per rule its trigger
// and zero-statement widths and leads and scan forms (empty: none), numbers as 4
// bytes little-endian and strings length first; the scanner database
// fills the rest.
constexpr absl::string_view kPrecompiledMagic = "fazhi-catalog/2\n";

struct RuleFacts {
  size_t trigger_max_bytes = 0;
  size_t zero_max_bytes = 0;
  size_t trigger_lead_bytes = 0;
  size_t zero_lead_bytes = 0;
  std::string trigger_scan_form;
  std::string zero_scan_form;
};

struct Precompiled {
  std::string text_sha256;
  std::vector<RuleFacts> rules;
  absl::string_view scanner_database;
};

void PutNumber(uint32_t n, std::string* out) {
  for (int k = 0; k < 4; ++k) out->push_back(static_cast<char>((n >> (8 * k)) & 0xFF));
}

bool TakeNumber(absl::string_view* in, uint32_t* n) {
  if (in->size() < 4) return false;
  *n = 0;
  for (int k = 0; k < 4; ++k) *n |= uint32_t{static_cast<unsigned char>((*in)[k])} << (8 * k);
  in->remove_prefix(4);
  return true;
}

bool TakeString(absl::string_view* in, std::string* s) {
  uint32_t size;
  if (!TakeNumber(in, &size) || in->size() < size) return false;
  s->assign(in->data(), size);
  in->remove_prefix(size);
  return true;
}

// Nothing (no rules, no database) unless `bytes` is well formed.
Precompiled ReadPrecompiled(absl::string_view bytes) {
  Precompiled p;
  uint32_t rules = 0;
  if (!absl::ConsumePrefix(&bytes, kPrecompiledMagic) || bytes.size() < 64) return {};
  p.text_sha256 = std::string(bytes.substr(0, 64));
  bytes.remove_prefix(64);
  // Each rule takes 24 bytes at least: a bound before any allocation.
  if (!TakeNumber(&bytes, &rules) || rules > bytes.size() / 24) return {};
  p.rules.resize(rules);
  for (RuleFacts& r : p.rules) {
    uint32_t trigger, zero, trigger_lead, zero_lead;
    if (!TakeNumber(&bytes, &trigger) || !TakeNumber(&bytes, &zero) ||
        !TakeNumber(&bytes, &trigger_lead) || !TakeNumber(&bytes, &zero_lead) ||
        !TakeString(&bytes, &r.trigger_scan_form) || !TakeString(&bytes, &r.zero_scan_form)) {
      return {};
    }
    r.trigger_max_bytes = trigger;
    r.zero_max_bytes = zero;
    r.trigger_lead_bytes = trigger_lead;
    r.zero_lead_bytes = zero_lead;
  }
  p.scanner_database = bytes;
  return p;
}

}  // namespace

absl::StatusOr<std::unique_ptr<CompiledCatalog>> CompiledCatalog::Create(
    absl::string_view textproto, absl::string_view precompiled) {
  fazhi::v1::IndicatorCatalog proto;
  if (!google::protobuf::TextFormat::ParseFromString(std::string(textproto), &proto)) {
    return absl::InvalidArgumentError(
        "indicator catalog is not a valid fazhi.v1.IndicatorCatalog text proto");
  }
  std::unique_ptr<CompiledCatalog> catalog(new CompiledCatalog());
  catalog->version_ = proto.version();
  catalog->text_sha256_ = Sha256Hex(textproto);
  Precompiled pre = ReadPrecompiled(precompiled);
  const bool known = pre.text_sha256 == catalog->text_sha256_ &&
                     pre.rules.size() == static_cast<size_t>(proto.indicators_size());
  catalog->patterns_precompiled_ = known;
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
    static_assert(numbers::kKnownUnits <= 64, "unit_mask holds every known unit");
    for (const std::string& unit : rule.units()) {
      // A unit ScanNumbers never reads can match no mention.
      if (int index = numbers::UnitIndex(unit); index >= 0)
        compiled.unit_mask |= uint64_t{1} << index;
    }
    const google::protobuf::RepeatedPtrField<std::string> all_triggers = AllTriggers(rule);
    auto trigger = CompileAlternation(all_triggers, rule.id(), "trigger", known);
    if (!trigger.ok()) return trigger.status();
    compiled.trigger = *std::move(trigger);
    if (!rule.contextual_triggers().empty()) {
      auto plain = CompileAlternation(rule.triggers(), rule.id(), "trigger", true);
      if (!plain.ok()) return plain.status();
      compiled.plain_trigger = *std::move(plain);
    }
    for (const fazhi::v1::ContextualTrigger& c : rule.contextual_triggers()) {
      if (c.patterns().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "catalog rule '", rule.id(), "' has a contextual trigger without patterns"));
      }
      CompiledContextualTrigger ct;
      ct.paragraph_context = c.paragraph_context();
      ct.context_before = c.context_before();
      ct.clause_requires_after = c.clause_requires_after();
      ct.max_gap_chars = c.max_gap_chars();
      for (auto [list, target, what] :
           {std::make_tuple(&c.patterns(), &ct.pattern, "contextual trigger"),
            std::make_tuple(&c.context(), &ct.context, "context"),
            std::make_tuple(&c.clause_requires(), &ct.clause_requires, "clause_requires"),
            std::make_tuple(&c.clause_excludes(), &ct.clause_excludes, "clause_excludes"),
            std::make_tuple(&c.sentence_excludes(), &ct.sentence_excludes, "sentence_excludes"),
            std::make_tuple(&c.sentence_requires(), &ct.sentence_requires, "sentence_requires"),
            std::make_tuple(&c.weak_context_excludes(), &ct.weak_context_excludes,
                            "weak_context_excludes")}) {
        auto re = CompileAlternation(*list, rule.id(), what, known);
        if (!re.ok()) return re.status();
        *target = *std::move(re);
      }
      compiled.contextual.push_back(std::move(ct));
    }
    auto sentence_exclusion =
        CompileAlternation(rule.sentence_exclusions(), rule.id(), "sentence exclusion", known);
    if (!sentence_exclusion.ok()) return sentence_exclusion.status();
    compiled.sentence_exclusion = *std::move(sentence_exclusion);
    compiled.max_gap_after_verb_chars = rule.max_gap_after_verb_chars();
    auto exclusion = CompileAlternation(rule.exclusions(), rule.id(), "exclusion", known);
    if (!exclusion.ok()) return exclusion.status();
    compiled.exclusion = *std::move(exclusion);
    auto zero = CompileAlternation(rule.zero_statements(), rule.id(), "zero", known);
    if (!zero.ok()) return zero.status();
    compiled.zero = *std::move(zero);
    auto context = CompileAlternation(rule.requires_context(), rule.id(), "context", known);
    if (!context.ok()) return context.status();
    compiled.context = *std::move(context);
    if (rule.max_gap_chars() > 0) compiled.max_gap_chars = rule.max_gap_chars();

    int rule_index = static_cast<int>(catalog->rules_.size());
    RuleFacts facts;
    if (known) {
      facts = std::move(pre.rules[rule_index]);
    } else {
      ScanFacts scan = ScanAlternation(all_triggers);
      facts.trigger_scan_form = std::move(scan.form);
      facts.trigger_lead_bytes = scan.lead_bytes;
      facts.trigger_max_bytes = TriggerScanner::MaxMatchBytes(compiled.trigger->pattern());
      if (compiled.zero != nullptr) {
        // Zero statements are long alternations of optional words (未发生过
        // (一起)(行政复议和)行政诉讼(案件)): their automata made most of the
        // scanner; the words that every match holds are found by the
        // literal matchers instead.
        ScanFacts zero_scan = ScanAlternation(rule.zero_statements(), /*cut_at_optional=*/true);
        facts.zero_scan_form = std::move(zero_scan.form);
        facts.zero_lead_bytes = zero_scan.lead_bytes;
        facts.zero_max_bytes = TriggerScanner::MaxMatchBytes(compiled.zero->pattern());
      }
    }
    catalog->scan_patterns_.push_back({std::move(facts.trigger_scan_form), 2 * rule_index});
    compiled.trigger_max_bytes = facts.trigger_max_bytes;
    compiled.trigger_lead_bytes = facts.trigger_lead_bytes;
    if (compiled.zero != nullptr) {
      catalog->scan_patterns_.push_back({std::move(facts.zero_scan_form), 2 * rule_index + 1});
      compiled.zero_max_bytes = facts.zero_max_bytes;
      compiled.zero_lead_bytes = facts.zero_lead_bytes;
    }
    PrepareSpans(compiled.trigger.get());
    PrepareSpans(compiled.zero.get());
    catalog->rules_.push_back(std::move(compiled));
  }
  if (!proto.count_verbs().empty()) {
    auto verbs = CompileAlternation(proto.count_verbs(), "(catalog)", "count verb", known);
    if (!verbs.ok()) return verbs.status();
    catalog->count_verb_before_ =
        std::make_unique<RE2>(absl::StrCat("(?:", (*verbs)->pattern(), ")(?:了)?$"), RE2::Quiet);
  }
  auto requirement =
      CompileAlternation(proto.requirement_markers(), "(catalog)", "requirement marker", known);
  if (!requirement.ok()) return requirement.status();
  catalog->requirement_ = *std::move(requirement);
  auto period = CompileAlternation(proto.period_words(), "(catalog)", "period word", known);
  if (!period.ok()) return period.status();
  catalog->period_ = *std::move(period);
  auto frequency =
      CompileAlternation(proto.frequency_markers(), "(catalog)", "frequency marker", known);
  if (!frequency.ok()) return frequency.status();
  catalog->frequency_ = *std::move(frequency);
  PrepareSpans(catalog->requirement_.get());
  PrepareSpans(catalog->frequency_.get());
  {
    std::vector<std::string> markers;
    for (const RE2* marker : {catalog->requirement_.get(), catalog->frequency_.get()}) {
      if (marker != nullptr) markers.push_back(absl::StrCat("(?:", marker->pattern(), ")"));
    }
    if (!markers.empty()) {
      catalog->marker_id_ = 2 * static_cast<int>(catalog->rules_.size());
      catalog->scan_patterns_.push_back({absl::StrJoin(markers, "|"), catalog->marker_id_});
    }
  }
  auto scanner = TriggerScanner::Create(catalog->scan_patterns_, pre.scanner_database);
  if (!scanner.ok()) {
    // Name the rule at fault: compile its patterns one by one.
    for (const TriggerScanner::Pattern& p : catalog->scan_patterns_) {
      auto alone = TriggerScanner::Create({p});
      if (!alone.ok()) {
        if (p.id == catalog->marker_id_) {
          return absl::InvalidArgumentError(
              absl::StrCat("catalog markers: ", alone.status().message()));
        }
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

absl::StatusOr<std::string> CompiledCatalog::SerializePrecompiled() const {
  absl::StatusOr<std::string> database = rule_words_->Serialize();
  if (!database.ok()) return database.status();
  std::string out(kPrecompiledMagic);
  out += text_sha256_;
  PutNumber(static_cast<uint32_t>(rules_.size()), &out);
  // Scan patterns come in rule order, a rule's zero statements after its
  // triggers.
  size_t next = 0;
  for (size_t r = 0; r < rules_.size(); ++r) {
    PutNumber(static_cast<uint32_t>(rules_[r].trigger_max_bytes), &out);
    PutNumber(static_cast<uint32_t>(rules_[r].zero_max_bytes), &out);
    PutNumber(static_cast<uint32_t>(rules_[r].trigger_lead_bytes), &out);
    PutNumber(static_cast<uint32_t>(rules_[r].zero_lead_bytes), &out);
    const std::string& trigger = scan_patterns_[next++].regex;
    bool has_zero =
        next < scan_patterns_.size() && scan_patterns_[next].id == 2 * static_cast<int>(r) + 1;
    const std::string zero = has_zero ? scan_patterns_[next++].regex : "";
    PutNumber(static_cast<uint32_t>(trigger.size()), &out);
    out += trigger;
    PutNumber(static_cast<uint32_t>(zero.size()), &out);
    out += zero;
  }
  out += *database;
  return out;
}

}  // namespace fazhi::engine
