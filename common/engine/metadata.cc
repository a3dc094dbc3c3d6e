#include "common/engine/metadata.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/engine/dates.h"
#include "common/engine/re2_util.h"
#include "common/numbers/numbers.h"
#include "common/text/find_words.h"
#include "common/text/segment.h"
#include "common/text/utf8.h"
#include "re2/re2.h"

namespace fazhi::engine {
namespace {

using text::Span;

constexpr int kHeadLines = 6;
constexpr int kTailLines = 8;

// The first lines (title, addressee, dateline) and the last ones
// (signature, date) are where reports name themselves.
struct Frame {
  std::vector<Span> head;
  std::vector<Span> tail;
  std::vector<Span> lines;
};

Frame FrameOf(absl::string_view text) {
  Frame f;
  f.lines = text::SplitLines(text);
  for (size_t i = 0; i < f.lines.size() && i < kHeadLines; ++i) {
    // The body starts at the first numbered heading.
    if (text::ParseHeading(f.lines[i].Of(text)) &&
        text::ParseHeading(f.lines[i].Of(text))->level == 1) {
      break;
    }
    f.head.push_back(f.lines[i]);
  }
  size_t first_tail = f.lines.size() > kTailLines ? f.lines.size() - kTailLines : 0;
  for (size_t i = first_tail; i < f.lines.size(); ++i) f.tail.push_back(f.lines[i]);
  return f;
}

int ReadYear(absl::string_view text, const Frame& f) {
  if (int year = ReadReportYear(text, f.lines); year > 0) return year;
  return YearBeforePublication(ReadPublishedDate(text, f.lines, f.head, f.tail));
}

std::string ReadPublished(absl::string_view text, const Frame& f) {
  return ReadPublishedDate(text, f.lines, f.head, f.tail);
}

struct NameKind {
  absl::string_view suffix;
  fazhi::v1::EntityLevel level;
};

// Longest suffixes first.
constexpr NameKind kKinds[] = {
    {"街道", fazhi::v1::ENTITY_LEVEL_STREET},
    {"苏木", fazhi::v1::ENTITY_LEVEL_TOWNSHIP},
    {"镇", fazhi::v1::ENTITY_LEVEL_TOWN},
    {"乡", fazhi::v1::ENTITY_LEVEL_TOWNSHIP},
};

// Characters that begin words, not place names, before a suffix:
// 全镇, 我镇, 各乡, 城乡, 在...
bool IsStopChar(char32_t cp) {
  static constexpr char32_t kStop[] = U"全我本各该在将对和与及城乡村集市县区省到至从向为是的了、";
  for (char32_t c : kStop) {
    if (c != 0 && c == cp) return true;
  }
  return false;
}

// How often each possible place name (1-5 Han characters plus a
// township suffix) occurs in the text. Every name ends in a suffix, so one
// pass over the suffixes counts them all.
class Counter {
 public:
  explicit Counter(absl::string_view text);
  int Count(absl::string_view s) const {
    auto it = counts_.find(s);
    return it == counts_.end() ? 0 : it->second;
  }

 private:
  absl::flat_hash_map<absl::string_view, int> counts_;
};

Counter::Counter(absl::string_view text) {
  text::ForEachWord(text, {kKinds[0].suffix, kKinds[1].suffix, kKinds[2].suffix, kKinds[3].suffix},
                    [&](size_t i, size_t kind) {
                      size_t end = i + kKinds[kind].suffix.size();
                      size_t pos = i;
                      for (int k = 0; k < 5 && pos >= 3; ++k) {
                        // Han characters are three bytes long.
                        int len;
                        if (!text::IsHan(text::DecodeAt(text, pos - 3, &len)) || len != 3) break;
                        pos -= 3;
                        ++counts_[text.substr(pos, end - pos)];
                      }
                    });
}

struct NameHit {
  size_t start = 0;
  size_t end = 0;
  fazhi::v1::EntityLevel level = fazhi::v1::ENTITY_LEVEL_UNSPECIFIED;
};

// The place name that ends with the suffix at [suffix_start, suffix_end).
// A name is 2-5 Han characters before the suffix; the length chosen is the
// longest one that the report spells the same way most of the time, so
// "现将小营街道" gives 小营街道 and "中共东三街道" gives 东三街道.
bool NameEndingAt(absl::string_view text, size_t suffix_start, size_t suffix_end,
                  const Counter& counter, NameHit* hit) {
  std::vector<size_t> starts;  // starts[k-1]: start with k chars before suffix
  size_t pos = suffix_start;
  for (int k = 0; k < 5 && pos > 0; ++k) {
    size_t prev = pos - 1;
    while (prev > 0 && (static_cast<unsigned char>(text[prev]) & 0xC0) == 0x80) --prev;
    int len;
    char32_t cp = text::DecodeAt(text, prev, &len);
    if (!text::IsHan(cp)) break;
    pos = prev;
    starts.push_back(pos);
  }
  if (starts.size() < 2) return false;
  size_t best = 0;  // index into starts (k-1)
  int base = counter.Count(text.substr(starts[1], suffix_end - starts[1]));
  best = 1;
  for (size_t k = 2; k < starts.size(); ++k) {
    int n = counter.Count(text.substr(starts[k], suffix_end - starts[k]));
    if (n * 10 < base * 6) break;
    best = k;
  }
  // Strip a leading stop character ("在东棘坨镇" read as one piece).
  int len;
  char32_t first = text::DecodeAt(text, starts[best], &len);
  if (IsStopChar(first)) {
    if (best == 1) return false;
    --best;
  }
  // Words that open a title or sentence, read as part of a name when the
  // name occurs only once ("关于白石镇2024年...").
  for (absl::string_view word : {"关于", "现将", "有关", "按照", "根据", "围绕", "推进", "全面"}) {
    if (best >= 3 && text.substr(starts[best], word.size()) == word) {
      best -= 2;  // two characters
      break;
    }
  }
  // Administrative prefixes are not part of the name: 上城区清波街道 is
  // 清波街道. Cut after the last 省/市/区/县/旗 that leaves a stem of two
  // characters or more (市中街道 keeps its 市).
  for (size_t k = best; k >= 2; --k) {
    int char_len;
    char32_t cp = text::DecodeAt(text, starts[k], &char_len);
    if (cp == U'省' || cp == U'市' || cp == U'区' || cp == U'县' || cp == U'旗' || cp == U'州') {
      best = k - 1;
      break;
    }
  }
  hit->start = starts[best];
  hit->end = suffix_end;
  return true;
}

// Place names ending in a township-level suffix within [span.start, span.end).
std::vector<NameHit> NamesIn(absl::string_view text, Span span, const Counter& counter) {
  std::vector<NameHit> hits;
  absl::string_view s = span.Of(text);
  text::ForEachWord(s, {kKinds[0].suffix, kKinds[1].suffix, kKinds[2].suffix, kKinds[3].suffix},
                    [&](size_t i, size_t k) {
                      const NameKind& kind = kKinds[k];
                      // 乡村, 乡镇, 镇村: not a name's end.
                      absl::string_view after = s.substr(i + kind.suffix.size(), 3);
                      if (after == "村" || after == "镇" || after == "级" || after == "域" ||
                          after == "贤" || after == "情" || after == "土") {
                        return;
                      }
                      NameHit hit;
                      if (NameEndingAt(text, span.start + i, span.start + i + kind.suffix.size(),
                                       counter, &hit)) {
                        hit.level = kind.level;
                        hits.push_back(hit);
                      }
                    });
  return hits;
}

// County-level titles: "静海区2023年度法治政府建设情况报告", departments:
// "紫金县司法局2024年...".
bool CountyOrDepartmentTitle(absl::string_view text, const Span& line, NameHit* hit) {
  static const RE2 kTitle(
      "^(?:中共)?(\\p{Han}{1,8}?(?:县|区|旗|市)(\\p{Han}{1,8}?局)?)"
      "(?:人民政府|委员会)?(?:关于)?(?:19|20)\\d\\d年");
  absl::string_view s = line.Of(text);
  re2::StringPiece name, department;
  if (!RE2::PartialMatch(Piece(s), kTitle, &name, &department)) return false;
  hit->start = line.start + (name.data() - s.data());
  hit->end = hit->start + name.size();
  hit->level =
      department.empty() ? fazhi::v1::ENTITY_LEVEL_COUNTY : fazhi::v1::ENTITY_LEVEL_DEPARTMENT;
  return true;
}

void ReadOrgans(absl::string_view text, const Frame& f, fazhi::v1::Entity* e) {
  static constexpr absl::string_view kOrgans[] = {"党工委", "工作委员会", "办事处", "人民政府",
                                                  "党委"};
  // Which organs the lines name, in one walk per line: signature lines are
  // short, but the last lines of a report can be long paragraphs.
  // Organs are listed in the order the lines name them.
  bool added[std::size(kOrgans)] = {};
  for (const std::vector<Span>* part : {&f.head, &f.tail}) {
    for (const Span& line : *part) {
      absl::string_view s = line.Of(text);
      absl::InlinedVector<std::pair<size_t, size_t>, 4> named;  // (position, organ)
      text::ForEachWord(s, {kOrgans[0], kOrgans[1], kOrgans[2], kOrgans[3], kOrgans[4]},
                        [&](size_t pos, size_t k) {
                          named.push_back({pos, k});
                        });
      // "中共青山镇委员会": the party committee by its full name.
      if (absl::StartsWith(s, "中共") && absl::StrContains(s, "委员会") &&
          !absl::StrContains(s, "工作委员会")) {
        named.push_back({0, 4});
      }
      std::sort(named.begin(), named.end());
      for (auto [pos, k] : named) {
        if (!added[k]) e->add_organs(std::string(kOrgans[k]));
        added[k] = true;
      }
    }
  }
}

}  // namespace

Metadata ReadMetadata(absl::string_view text, bool entity_by_pattern) {
  Metadata meta;
  Frame frame = FrameOf(text);
  meta.year = ReadYear(text, frame);
  meta.published = ReadPublished(text, frame);

  if (!entity_by_pattern) {
    ReadOrgans(text, frame, &meta.entity);
    return meta;
  }
  Counter counter(text);
  NameHit chosen;
  bool found = false;
  if (!frame.head.empty() && CountyOrDepartmentTitle(text, frame.head[0], &chosen)) {
    found = true;
  }
  // Title and signature first; then the name the body uses most.
  for (const std::vector<Span>* part : {&frame.head, &frame.tail}) {
    for (const Span& line : *part) {
      if (found) break;
      std::vector<NameHit> hits = NamesIn(text, line, counter);
      if (!hits.empty()) {
        chosen = hits.front();
        found = true;
      }
    }
  }
  if (!found) {
    int best_count = 0;
    for (const Span& line : frame.lines) {
      for (const NameHit& hit : NamesIn(text, line, counter)) {
        int n = counter.Count(text.substr(hit.start, hit.end - hit.start));
        if (n > best_count) {
          best_count = n;
          chosen = hit;
          found = true;
        }
      }
    }
  }
  if (found) {
    fazhi::v1::Entity& e = meta.entity;
    e.set_name(std::string(text.substr(chosen.start, chosen.end - chosen.start)));
    e.set_level(chosen.level);
    e.mutable_evidence()->set_start(static_cast<int64_t>(chosen.start));
    e.mutable_evidence()->set_end(static_cast<int64_t>(chosen.end));
    e.mutable_evidence()->set_quote(e.name());
    // The line the name was read from (a title or signature is a line,
    // not a sentence).
    size_t line_start = text.rfind('\n', chosen.start);
    line_start = line_start == absl::string_view::npos ? 0 : line_start + 1;
    size_t line_end = std::min(text.find('\n', chosen.end), text.size());
    e.mutable_evidence()->set_text(std::string(text.substr(line_start, line_end - line_start)));
  }
  ReadOrgans(text, frame, &meta.entity);
  return meta;
}

}  // namespace fazhi::engine
