#include "common/numbers/numbers.h"

#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "common/text/utf8.h"

namespace fazhi::numbers {
namespace {

using text::DecodeAt;
using text::HasAt;

// Longest first, so that 人次 wins over 人.
constexpr absl::string_view kUnits[] = {
    "人次", "场次", "家次", "件次", "户次", "批次", "辆次", "小时", "%",  "次", "场", "件", "起",
    "人",   "名",   "位",   "份",   "条",   "元",   "个",   "项",   "期", "家", "户", "篇", "册",
    "张",   "套",   "批",   "宗",   "天",   "轮",   "堂",   "单",   "块", "本", "支", "处", "例"};

int DigitValue(char32_t cp) {
  switch (cp) {
    case U'零':
    case U'〇':
      return 0;
    case U'一':
      return 1;
    case U'二':
    case U'两':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

int64_t UnitValue(char32_t cp) {
  switch (cp) {
    case U'十':
      return 10;
    case U'百':
      return 100;
    case U'千':
      return 1000;
    case U'万':
      return 10000;
    case U'亿':
      return 100000000;
    default:
      return 0;
  }
}

bool IsNumeralChar(char32_t cp) { return DigitValue(cp) >= 0 || UnitValue(cp) > 0; }

struct Cursor {
  absl::string_view s;
  size_t pos;
  char32_t Peek(int* len) const {
    if (pos >= s.size()) {
      *len = 0;
      return 0;
    }
    return DecodeAt(s, pos, len);
  }
  bool Consume(absl::string_view what) {
    if (!HasAt(s, pos, what)) return false;
    pos += what.size();
    return true;
  }
};

// Reads an Arabic number ("4,528", "95.6") at c.pos; advances on success.
std::optional<double> ReadArabic(Cursor& c) {
  size_t begin = c.pos;
  size_t i = c.pos;
  const absl::string_view s = c.s;
  auto is_digit = [&s](size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  while (is_digit(i)) ++i;
  // Thousands separators: exactly three digits after each comma.
  while (i < s.size() && s[i] == ',' && is_digit(i + 1) && is_digit(i + 2) && is_digit(i + 3) &&
         !is_digit(i + 4)) {
    i += 4;
  }
  if (i < s.size() && s[i] == '.' && is_digit(i + 1)) {
    ++i;
    while (is_digit(i)) ++i;
  }
  if (i == begin) return std::nullopt;
  // Plain integers (most counts) without a general decimal parser.
  if (i - begin <= 15) {
    double plain = 0;
    bool all_digits = true;
    for (size_t k = begin; k < i && all_digits; ++k) {
      all_digits = s[k] >= '0' && s[k] <= '9';
      plain = plain * 10 + (s[k] - '0');
    }
    if (all_digits) {
      c.pos = i;
      return plain;
    }
  }
  auto value = ParseArabic(s.substr(begin, i - begin));
  if (value) c.pos = i;
  return value;
}

// Reads a run of Chinese numerals at c.pos. Vague amounts (数十, 几百, 十几,
// 两三) come back as a range.
bool ReadChinese(Cursor& c, double* value, double* value_max) {
  size_t begin = c.pos;
  size_t i = c.pos;
  int len;
  char32_t first = DecodeAt(c.s, i, &len);
  // 数十 / 几百: "several tens".
  if (first == U'数' || first == U'几') {
    int len2 = 0;
    char32_t unit = i + len < c.s.size() ? DecodeAt(c.s, i + len, &len2) : 0;
    int64_t u = UnitValue(unit);
    if (u == 0) return false;
    *value = 2.0 * u;
    *value_max = 9.0 * u;
    c.pos = i + len + len2;
    return true;
  }
  if (DigitValue(first) < 0 && first != U'十') return false;
  std::u32string run;
  while (i < c.s.size()) {
    char32_t cp = DecodeAt(c.s, i, &len);
    if (!IsNumeralChar(cp) && cp != U'几') break;
    run.push_back(cp);
    i += len;
  }
  // 十几: between 11 and 19.
  if (run.size() == 2 && run[0] == U'十' && run[1] == U'几') {
    *value = 11;
    *value_max = 19;
    c.pos = i;
    return true;
  }
  // 两三 / 三四: two neighbouring digits name a range, not 23 or 34.
  if (run.size() == 2 && DigitValue(run[0]) > 0 && DigitValue(run[1]) > 0) {
    int a = DigitValue(run[0]);
    int b = DigitValue(run[1]);
    if (b == a + 1 || (run[0] == U'两' && b == 3)) {
      *value = a;
      *value_max = b;
      c.pos = i;
      return true;
    }
  }
  // 二三十 / 三四百: the same before 十, 百, 千 or 万.
  if (run.size() == 3 && DigitValue(run[0]) > 0 && DigitValue(run[1]) > 0 &&
      UnitValue(run[2]) > 0) {
    int a = DigitValue(run[0]);
    int b = DigitValue(run[1]);
    if (b == a + 1 || (run[0] == U'两' && b == 3)) {
      *value = static_cast<double>(a * UnitValue(run[2]));
      *value_max = static_cast<double>(b * UnitValue(run[2]));
      c.pos = i;
      return true;
    }
  }
  std::string utf8;
  for (char32_t cp : run) text::AppendUtf8(cp, &utf8);
  auto parsed = ParseChineseNumeral(utf8);
  if (!parsed) return false;
  *value = *value_max = *parsed;
  c.pos = begin + utf8.size();
  return true;
}

static_assert(sizeof(kUnits) / sizeof(kUnits[0]) == kKnownUnits, "kKnownUnits counts kUnits");

// kUnits grouped by their first character, longest first within a group,
// so that a unit is found with one lookup instead of a pass over the list.
class UnitsByFirstChar {
 public:
  UnitsByFirstChar() {
    for (absl::string_view unit : kUnits) {
      int len;
      char32_t first = DecodeAt(unit, 0, &len);
      units_[first].push_back(unit);  // kUnits is longest first already
    }
  }
  absl::string_view Read(Cursor& c) const {
    int len;
    char32_t first = c.Peek(&len);
    if (len == 0) return {};
    auto it = units_.find(first);
    if (it == units_.end()) return {};
    for (absl::string_view unit : it->second) {
      if (c.Consume(unit)) return unit;
    }
    return {};
  }

 private:
  absl::flat_hash_map<char32_t, std::vector<absl::string_view>> units_;
};

absl::string_view ReadUnit(Cursor& c) {
  static const UnitsByFirstChar* const kByFirstChar = new UnitsByFirstChar();
  return kByFirstChar->Read(c);
}

bool EndsWith(absl::string_view s, size_t pos, absl::string_view suffix) {
  return pos >= suffix.size() && HasAt(s, pos - suffix.size(), suffix);
}

// Qualifier words just before the numeral.
Qualifier PrefixQualifier(absl::string_view s, size_t pos, size_t* start) {
  for (absl::string_view w : {"大约", "将近", "接近", "约", "近"}) {
    if (EndsWith(s, pos, w)) {
      *start = pos - w.size();
      return Qualifier::kApprox;
    }
  }
  for (absl::string_view w : {"超过", "逾"}) {
    if (EndsWith(s, pos, w)) {
      *start = pos - w.size();
      return Qualifier::kAtLeast;
    }
  }
  *start = pos;
  return Qualifier::kExact;
}

// Reads a 万 or 亿 at the cursor and multiplies the amount by it; false
// when there is none.
bool ReadMultiplier(Cursor& c, double* value, double* value_max) {
  double factor = c.Consume("万") ? 1e4 : c.Consume("亿") ? 1e8 : 0;
  if (factor == 0) return false;
  *value *= factor;
  *value_max *= factor;
  return true;
}

// A bare 百, 千 or 万 that is a number by itself: "百余人", "千多份" (one
// hundred, one thousand ... with 余/多) or "上百场", "近万份", "逾千人" (after
// a word of rough quantity). Elsewhere (百姓, 千家万户, 万人大会) it is not.
bool BareMultiplierAt(absl::string_view s, size_t pos) {
  int len;
  char32_t cp = DecodeAt(s, pos, &len);
  if (cp != U'百' && cp != U'千' && cp != U'万') return false;
  if (HasAt(s, pos + len, "余") || HasAt(s, pos + len, "多")) return true;
  for (absl::string_view before : {"上", "近", "逾", "超"}) {
    if (EndsWith(s, pos, before)) return true;
  }
  return false;
}

// The decimals of a rate spelt out, "百分之九十五点二": 点 and a digit
// each after it; advances over them when there are any.
void ReadChineseDecimals(Cursor& c, double* value) {
  Cursor after = c;
  if (!after.Consume("点")) return;
  double scale = 0.1;
  double decimals = 0;
  int len;
  int digit;
  while ((digit = DigitValue(after.Peek(&len))) >= 0 && len > 0) {
    decimals += digit * scale;
    scale /= 10;
    after.pos += len;
  }
  if (scale == 0.1) return;  // 点 and no digit: not a decimal point
  *value += decimals;
  c = after;
}

// Tries to read one mention at `pos`; returns false when there is none.
bool ReadMention(absl::string_view s, size_t pos, NumberMention* m) {
  Cursor c{s, pos};
  double value = 0;
  double value_max = 0;
  bool percent_words = c.Consume("百分之");
  size_t numeral_start = c.pos;
  int len;
  char32_t cp = c.Peek(&len);
  bool arabic = cp >= '0' && cp <= '9';
  if (arabic) {
    auto v = ReadArabic(c);
    if (!v) return false;
    value = value_max = *v;
    // Arabic ranges: "3-5次", "3至5次".
    Cursor range = c;
    if (range.Consume("-") || range.Consume("~") || range.Consume("至") || range.Consume("到")) {
      if (auto hi = ReadArabic(range); hi && *hi > value) {
        value_max = *hi;
        c = range;
      }
    }
  } else if (!percent_words && BareMultiplierAt(s, c.pos)) {
    value = value_max = static_cast<double>(UnitValue(cp));
    c.pos += len;
  } else {
    // Chinese numerals are common words too (一是, 统一, 进一步): look for
    // a unit after the run before parsing anything.
    Cursor ahead{s, c.pos};
    while (ahead.pos < s.size()) {
      int n;
      char32_t ch = DecodeAt(s, ahead.pos, &n);
      if (!IsNumeralChar(ch) && ch != U'数' && ch != U'几') break;
      ahead.pos += n;
    }
    if (ahead.Consume("余") || ahead.Consume("多")) ahead.Consume("万") || ahead.Consume("亿");
    if (!percent_words && ReadUnit(ahead).empty()) return false;
    Cursor hundred = c;
    int after_len;
    if (percent_words && hundred.Consume("百") &&
        !IsNumeralChar(hundred.Peek(&after_len))) {  // 百分之百: all of it
      value = value_max = 100;
      c = hundred;
    } else if (!ReadChinese(c, &value, &value_max)) {
      return false;
    } else if (percent_words && value == value_max) {
      ReadChineseDecimals(c, &value);
      value_max = value;
    }
  }
  // 万/亿 after Arabic digits ("1.2万", "3亿"), and 千 ("8千余条", "3千万元").
  if (arabic && !ReadMultiplier(c, &value, &value_max) && c.Consume("千")) {
    value *= 1e3;
    value_max *= 1e3;
    ReadMultiplier(c, &value, &value_max);
  }
  size_t numeral_end = c.pos;
  Qualifier qualifier = value_max > value ? Qualifier::kRange : Qualifier::kExact;
  size_t start;
  Qualifier prefix = PrefixQualifier(s, pos, &start);
  if (qualifier == Qualifier::kExact) qualifier = prefix;
  // 上百场, 超千人: a hundred, a thousand or more.
  for (absl::string_view before : {"上", "超"}) {
    if (qualifier == Qualifier::kExact && EndsWith(s, pos, before) && BareMultiplierAt(s, pos)) {
      start = pos - before.size();
      qualifier = Qualifier::kAtLeast;
    }
  }
  if (c.Consume("余") || c.Consume("多")) {
    if (qualifier == Qualifier::kExact) qualifier = Qualifier::kAtLeast;
    // "三十余万元", "30多万人次": the multiplier after the qualifier.
    if (ReadMultiplier(c, &value, &value_max)) numeral_end = c.pos;
  }
  absl::string_view unit;
  if (percent_words) {
    unit = "%";
  } else {
    unit = ReadUnit(c);
    // 万元 amounts were multiplied above; "万元" right after a Chinese
    // numeral is read by ReadChinese already.
    if (unit.empty()) return false;
  }
  bool threshold = false;
  if (c.Consume("以上")) {
    if (qualifier == Qualifier::kExact) qualifier = Qualifier::kAtLeast;
    threshold = HasAt(s, c.pos, "的");  // "2000元以上的案件": a class of cases
  } else if (c.Consume("余") || c.Consume("多")) {
    if (qualifier == Qualifier::kExact) qualifier = Qualifier::kAtLeast;
  } else if (c.Consume("左右")) {
    if (qualifier == Qualifier::kExact) qualifier = Qualifier::kApprox;
  } else if (c.Consume("以下") || c.Consume("以内")) {
    threshold = true;  // "处2000元以下罚款": a bound, not an amount
  }
  m->start = start;
  m->end = c.pos;
  m->numeral_start = numeral_start;
  m->numeral_end = numeral_end;
  m->value = value;
  m->value_max = value_max;
  m->qualifier = qualifier;
  m->unit = unit;
  m->unit_index = UnitIndex(unit);
  m->ordinal = EndsWith(s, pos, "第");
  m->threshold = threshold;
  return true;
}

// "行政处罚案件数(件):27", "调解成功率(%) 98.5": a field whose unit
// stands in brackets after its label, the figure after a colon or a table
// cell's space, with nothing of a word after it. The mention starts at the
// bracket, so that its span reads back as the same quantity.
bool ReadLabelledFigure(absl::string_view s, size_t pos, NumberMention* m) {
  size_t k = pos;
  while (k > 0 && s[k - 1] == ' ') --k;
  const bool colon = k > 0 && s[k - 1] == ':';
  if (colon) --k;
  while (colon && k > 0 && s[k - 1] == ' ') --k;
  if (k == pos || k == 0 || s[k - 1] != ')') return false;  // a colon or a space parts them
  const size_t close = k - 1;
  const size_t open = s.rfind('(', close);
  if (open == absl::string_view::npos) return false;
  const int index = UnitIndex(s.substr(open + 1, close - open - 1));
  if (index < 0) return false;
  Cursor c{s, pos};
  std::optional<double> value = ReadArabic(c);
  if (!value) return false;
  if (c.pos < s.size()) {
    int len;
    char32_t next = DecodeAt(s, c.pos, &len);
    if (text::IsHan(next) || (next >= '0' && next <= '9') || next == '%') return false;
  }
  m->start = open;
  m->end = c.pos;
  m->numeral_start = pos;
  m->numeral_end = c.pos;
  m->value = m->value_max = *value;
  m->qualifier = Qualifier::kExact;
  m->unit = kUnits[index];
  m->unit_index = index;
  m->ordinal = false;
  m->threshold = false;
  return true;
}

// "实现“双百”", "均达双百": two rates both at 100%, read as one 100% at the
// 百 of 双百 (at `pos`). Only after a word of attaining and before the end
// of the phrase, so that names such as 双百工程 or 双百行动 stay words.
bool ReadBothHundred(absl::string_view s, size_t pos, NumberMention* m) {
  if (!EndsWith(s, pos, "双")) return false;
  size_t start = pos - absl::string_view("双").size();
  bool quoted = EndsWith(s, start, "“");
  if (quoted) start -= absl::string_view("“").size();
  // The span starts at the verb, so that it reads back by itself.
  bool attained = false;
  for (absl::string_view verb : {"实现", "达到", "达", "为"}) {
    if (EndsWith(s, start, verb)) {
      start -= verb.size();
      attained = true;
      break;
    }
  }
  if (!attained) return false;
  size_t end = pos + absl::string_view("百").size();
  if (quoted) {
    if (!HasAt(s, end, "”")) return false;
    end += absl::string_view("”").size();
  }
  if (end < s.size()) {
    int len;
    char32_t next = DecodeAt(s, end, &len);
    bool phrase_ends = next == U'，' || next == U'。' || next == U'；' || next == U'、' ||
                       next == ',' || next == ';' || next == '\n' || next == U'”' || next == U'的';
    if (!phrase_ends) return false;
  }
  m->start = start;
  m->end = end;
  m->numeral_start = pos - absl::string_view("双").size();
  m->numeral_end = pos + absl::string_view("百").size();
  m->value = m->value_max = 100;
  m->qualifier = Qualifier::kExact;
  m->unit = "%";
  m->unit_index = UnitIndex(m->unit);
  return true;
}

}  // namespace

int UnitIndex(absl::string_view unit) {
  for (int k = 0; k < kKnownUnits; ++k) {
    if (kUnits[k] == unit) return k;
  }
  return -1;
}

std::optional<double> ParseArabic(absl::string_view digits) {
  double value;
  if (digits.find(',') == absl::string_view::npos) {
    if (digits.empty() || !absl::SimpleAtod(digits, &value)) return std::nullopt;
    return value;
  }
  std::string plain = absl::StrReplaceAll(digits, {{",", ""}});
  if (plain.empty() || !absl::SimpleAtod(plain, &value)) return std::nullopt;
  return value;
}

std::optional<double> ParseChineseNumeral(absl::string_view numeral) {
  if (numeral.empty()) return std::nullopt;
  std::u32string cps;
  for (size_t i = 0; i < numeral.size();) {
    int len;
    cps.push_back(DecodeAt(numeral, i, &len));
    i += len;
  }
  // Digit-by-digit spelling ("二〇二四").
  bool has_unit = false;
  for (char32_t cp : cps) {
    if (UnitValue(cp) > 0)
      has_unit = true;
    else if (DigitValue(cp) < 0)
      return std::nullopt;
  }
  if (!has_unit) {
    double v = 0;
    for (char32_t cp : cps) v = v * 10 + DigitValue(cp);
    return v;
  }
  double total = 0;    // completed 亿 and 万 groups
  double section = 0;  // below the current 万
  double digit = -1;   // pending digit
  for (char32_t cp : cps) {
    int d = DigitValue(cp);
    if (d >= 0) {
      if (digit >= 0 && d != 0) return std::nullopt;  // "三四百" etc.
      digit = d == 0 ? -1 : d;
      continue;
    }
    int64_t u = UnitValue(cp);
    if (u >= 10000) {
      section += digit >= 0 ? digit : 0;
      if (section == 0) section = 1;
      total = (total + section) * static_cast<double>(u);
      section = 0;
    } else {
      section += (digit >= 0 ? digit : 1) * static_cast<double>(u);
    }
    digit = -1;
  }
  if (digit >= 0) section += digit;
  return total + section;
}

// Characters that can begin or continue a numeral (digits, . and , inside
// Arabic numbers, Chinese numerals, 数 and 几), as a bitmap over the Basic
// Multilingual Plane: the scanner skips every other character with one
// lookup.
class NumeralChars {
 public:
  NumeralChars() : bits_(0x10000 / 64, 0) {
    for (char32_t cp = 0; cp < 0x10000; ++cp) {
      if ((cp >= '0' && cp <= '9') || cp == '.' || cp == ',' || IsNumeralChar(cp) || cp == U'数' ||
          cp == U'几') {
        bits_[cp / 64] |= uint64_t{1} << (cp % 64);
      }
    }
  }
  bool Contains(char32_t cp) const { return (bits_[cp / 64] >> (cp % 64)) & 1; }

 private:
  std::vector<uint64_t> bits_;
};

std::vector<NumberMention> ScanNumbers(absl::string_view s) {
  std::vector<NumberMention> mentions;
  ScanNumbers(s, &mentions);
  return mentions;
}

void ScanNumbers(absl::string_view s, std::vector<NumberMention>* out) {
  static const NumeralChars* const kNumeralChars = new NumeralChars();
  std::vector<NumberMention>& mentions = *out;
  mentions.clear();
  bool previous_was_numeral = false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    // Fast path: one- and three-byte characters that are not numerals.
    unsigned char lead = bytes[i];
    if (lead < 0x80) {
      if (!kNumeralChars->Contains(lead)) {
        previous_was_numeral = false;
        ++i;
        continue;
      }
      // The text's commas and full stops: they start nothing and carry on
      // whatever came before (below).
      if (lead == ',' || lead == '.') {
        ++i;
        continue;
      }
    } else if ((lead & 0xF0) == 0xE0 && i + 2 < s.size()) {
      char32_t cp3 = text::DecodeThreeBytes(bytes + i);
      if (!kNumeralChars->Contains(cp3)) {
        previous_was_numeral = false;
        i += 3;
        continue;
      }
    }
    int len;
    char32_t cp = DecodeAt(s, i, &len);
    bool digit = cp >= '0' && cp <= '9';
    bool numeral = !digit && cp >= 0x3007 && IsNumeralChar(cp);  // 〇 is the lowest
    bool starts = !previous_was_numeral &&
                  (digit || (numeral && cp != U'百' && cp != U'千' && cp != U'万' && cp != U'亿') ||
                   cp == U'数' || cp == U'几' || (cp == U'百' && HasAt(s, i, "百分之")) ||
                   BareMultiplierAt(s, i));
    if (cp == U'百' && !previous_was_numeral) {
      NumberMention m;
      if (ReadBothHundred(s, i, &m)) {
        mentions.push_back(m);
        i = m.end;
        continue;
      }
    }
    if (starts) {
      NumberMention m;
      if (ReadMention(s, i, &m) || (digit && ReadLabelledFigure(s, i, &m))) {
        mentions.push_back(m);
        i = m.end;
        previous_was_numeral = false;
        continue;
      }
    }
    // . and , continue a numeral ("1,234", "3.5") but are punctuation
    // after a word: "全年,15名" starts a number at 1.
    previous_was_numeral = digit || numeral || (previous_was_numeral && (cp == '.' || cp == ','));
    i += len;
  }
}

}  // namespace fazhi::numbers
