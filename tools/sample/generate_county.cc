// fazhi-sample: writes one annual rule-of-law report per township of 杭州市
// 上城区 (330102) for a given year, in varied styles (numbering, Markdown,
// full-width digits, Chinese numerals, qualifiers, a page-broken sentence,
// GB18030 encoding, a missing section), so that the demo and the tests have
// a whole county to ingest. The wording is our own.
//
//   fazhi-sample --out=/tmp/county --year=2024 [--seed=7]
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "common/text/decode.h"

ABSL_FLAG(std::string, out, "", "folder to write the reports into (created)");
ABSL_FLAG(int, year, 2024, "year the reports are about");
ABSL_FLAG(uint64_t, seed, 7, "random seed: the same seed writes the same files");
ABSL_FLAG(int, skip_every, 0,
          "leave out every Nth township (0: none), as counties where some townships have "
          "not published yet");

namespace {

// The 14 streets of 上城区 after the 2021 redistricting.
const std::vector<std::string>& Townships() {
  static const auto* kNames = new std::vector<std::string>{
      "清波街道",   "湖滨街道",   "小营街道", "南星街道", "紫阳街道", "望江街道", "采荷街道",
      "闸弄口街道", "四季青街道", "凯旋街道", "笕桥街道", "彭埠街道", "九堡街道", "丁兰街道"};
  return *kNames;
}

struct Figures {
  int mediated, resolved, petitions, closed, consultations, materials, contracts, litigation,
      reconsideration, enforcement, aid;
};

Figures RandomFigures(absl::BitGen& gen) {
  Figures f;
  f.mediated = absl::Uniform(gen, 20, 400);
  f.resolved = f.mediated - absl::Uniform(gen, 0, std::max(1, f.mediated / 10));
  f.petitions = absl::Uniform(gen, 5, 120);
  f.closed = f.petitions - absl::Uniform(gen, 0, 5);
  f.consultations = absl::Uniform(gen, 1, 30) * 100;
  f.materials = absl::Uniform(gen, 1, 40) * 500;
  f.contracts = absl::Uniform(gen, 10, 300);
  f.litigation = absl::Uniform(gen, 0, 15);
  f.reconsideration = absl::Uniform(gen, 0, 6);
  f.enforcement = absl::Uniform(gen, 20, 500);
  f.aid = absl::Uniform(gen, 3, 60);
  return f;
}

const char* kChineseDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

// 0..99 in Chinese numerals ("十六", "四十二").
std::string ChineseNumber(int n) {
  if (n < 10) return kChineseDigits[n];
  std::string s = n / 10 == 1 ? "" : kChineseDigits[n / 10];
  s += "十";
  if (n % 10 != 0) s += kChineseDigits[n % 10];
  return s;
}

std::string FullWidthDigits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      // U+FF10..U+FF19
      out += "\xEF\xBC";
      out += static_cast<char>(0x90 + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}


struct Headings {
  std::string measures, shortcomings, leadership, plans, sub1, sub2, sub3;
};

Headings HeadingsFor(int style, int year) {
  switch (style % 3) {
    case 0:
      return {absl::StrCat("一、", year, "年度推进法治政府建设的主要举措和成效"),
              "二、推进法治政府建设存在的不足和原因",
              "三、党政主要负责人履行推进法治建设第一责任人职责情况",
              absl::StrCat("四、", year + 1, "年度推进法治政府建设的主要安排"),
              "（一）依法决策水平持续提升",
              "（二）矛盾纠纷多元化解成效明显",
              "（三）普法宣传深入人心"};
    case 1:
      return {"## 一、主要工作举措及成效",
              "## 二、存在的问题和不足",
              "## 三、主要负责人履行法治建设第一责任人职责的情况",
              "## 四、下一步工作打算",
              "### (一) 规范行政决策",
              "### (二) 化解基层矛盾",
              "### (三) 深化法治宣传"};
    default:
      return {"一、工作开展情况和取得的成效",
              "二、当前工作中的短板",
              "三、履行法治建设第一责任人职责情况",
              "四、下一年度工作思路",
              "1.严格规范重大事项决策",
              "2.扎实做好人民调解",
              "3.营造浓厚法治氛围"};
  }
}

std::string Report(const std::string& name, int year, int style, const Figures& f) {
  Headings h = HeadingsFor(style, year);
  bool markdown = style % 3 == 1;
  std::string bold_open = markdown ? "**" : "";
  std::string out;
  if (style % 2 == 0) {
    out += absl::StrCat("中共", name.substr(0, name.size() - 6), "街道工作委员会  ", name,
                        "办事处\n关于", year, "年度法治政府建设情况的报告\n\n区委、区政府：\n\n");
  } else {
    out += absl::StrCat(markdown ? "# " : "", name, year, "年法治政府建设工作报告\n\n");
  }
  out += absl::StrCat(year, "年，", name,
                      "在区委、区政府的坚强领导下，坚持以习近平法治思想为指导，把法治建设"
                      "贯穿于街道治理全过程，各项工作取得新进展。现将有关情况报告如下：\n\n");
  out += h.measures + "\n\n" + h.sub1 + "\n\n";
  out += absl::StrCat(bold_open, "一是健全合法性审查机制。", bold_open,
                      "街道聘请专业律师担任法律顾问，全年审查合同", f.contracts,
                      "份，提出修改意见若干条，确保每一项决策于法有据。\n\n");
  out += absl::StrCat(bold_open, "二是规范执法行为。", bold_open, "综合行政执法队全年立案查处",
                      f.enforcement, "件，办理行政应诉案件", f.litigation, "件，");
  out += f.reconsideration == 0 ? std::string("全年未发生行政复议案件。\n\n")
                                : absl::StrCat("受理行政复议案件", f.reconsideration, "件。\n\n");
  out += h.sub2 + "\n\n";
  // A hard-wrapped line, as text copied out of a PDF looks.
  out += absl::StrCat("街道人民调解委员会坚持抓早抓小，会同各社区调解组织、网格员、", "\n\n",
                      "专职调解员共调解矛盾纠纷", f.mediated, "起，调解成功", f.resolved,
                      "起，调解成功率达", absl::StrFormat("%.1f", 100.0 * f.resolved / f.mediated),
                      "%。");
  out += absl::StrCat("全年受理信访案件", f.petitions, "件，办结", f.closed, "件。\n\n");
  out += h.sub3 + "\n\n";
  std::string consultations = absl::StrCat(f.consultations);
  if (style % 4 == 3) consultations = FullWidthDigits(consultations);
  out += absl::StrCat("依托公共法律服务工作站提供免费法律咨询", consultations,
                      "余人次，办理法律援助案件",
                      style % 5 == 2 ? ChineseNumber(f.aid % 100) : absl::StrCat(f.aid),
                      "件，发放各类宣传资料", f.materials, "余份。\n\n");
  out += h.shortcomings +
         "\n\n一是部分干部运用法治思维的能力仍需提高；二是基层法治宣传的形式还不够"
         "丰富，针对性有待加强。\n\n";
  // Every fifth township forgets the leadership section.
  if (style % 5 != 4) {
    out += h.leadership +
           "\n\n街道党政主要负责人带头学法用法，将法治建设列入年度重点工作，"
           "亲自部署、亲自协调、亲自督办。\n\n";
  }
  out += h.plans +
         "\n\n下一步，街道将持续完善依法决策机制，深化矛盾纠纷源头化解，"
         "推动法治建设再上新台阶。\n\n";
  // Signatures name the district, some with the city: how readers (and the
  // gazetteer) tell this 小营街道 from the one in 滨州.
  out += absl::StrCat(style % 2 == 0 ? "杭州市上城区" : "上城区", name, "办事处\n", year + 1, "年",
                      1 + style % 3, "月", 10 + style, "日\n");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::string out_dir = absl::GetFlag(FLAGS_out);
  int year = absl::GetFlag(FLAGS_year);
  if (out_dir.empty()) {
    std::cerr << "fazhi-sample: --out is required\n";
    return 2;
  }
  std::filesystem::create_directories(out_dir);
  std::seed_seq seq{absl::GetFlag(FLAGS_seed), static_cast<uint64_t>(year)};
  absl::BitGen gen(seq);
  int style = 0;
  int skip_every = absl::GetFlag(FLAGS_skip_every);
  int written = 0;
  for (const std::string& name : Townships()) {
    if (skip_every > 0 && (style + 1) % skip_every == 0) {
      ++style;
      continue;
    }
    ++written;
    std::string text = Report(name, year, style, RandomFigures(gen));
    bool gbk = style % 7 == 5;
    std::string path = absl::StrCat(out_dir, "/", name, "_", year, gbk ? ".gbk.txt" : ".txt");
    if (style % 3 == 1) path = absl::StrReplaceAll(path, {{".txt", ".md"}});
    std::ofstream file(path, std::ios::binary);
    file << (gbk ? *fazhi::text::EncodeUtf8As(text, "GB18030") : text);
    if (!file) {
      std::cerr << "fazhi-sample: cannot write " << path << "\n";
      return 1;
    }
    ++style;
  }
  std::cout << "wrote " << written << " reports for 330102 上城区, year " << year
            << " to " << out_dir << "\n";
  return 0;
}
