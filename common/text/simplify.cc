#include "common/text/simplify.h"

#include <dlfcn.h>

#include <bitset>
#include <cstdlib>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/text/utf8.h"

namespace fazhi::text {
namespace {

// Common characters of reports that simplified text never uses (each one
// changes under OpenCC's t2s): one lookup a character.
constexpr absl::string_view kTraditionalOnly =
    "來個們傳億劃動務區參員問國執報場學實審將專對導幹幾強從徹態應據於時書會東條業極標機檢權歷"
    "測準濟為營現環產當發監種積糾級紛組絡統經網縣總織義習聽與華萬處見規視觀計記訟設訴評詢話認"
    "語說調請論講謝證議讀變讓負貫責資質車轉辦農這進運還鄉鎮長門開間關陰陽隊際險電頁題類顯風體"
    "點黨";
constexpr size_t kSampleBytes = 2000;
constexpr int kEnoughHits = 4;

const std::bitset<0x10000>& TraditionalOnly() {
  static const auto* set = [] {
    auto* s = new std::bitset<0x10000>();
    for (size_t i = 0; i < kTraditionalOnly.size();) {
      int len;
      char32_t cp = DecodeAt(kTraditionalOnly, i, &len);
      if (cp < 0x10000) s->set(cp);
      i += len;
    }
    return s;
  }();
  return *set;
}

// OpenCC's C API, looked up in the library at first use.
struct OpenCc {
  using Open = void* (*)(const char*);
  using Convert = char* (*)(void*, const char*, size_t);
  using Free = void (*)(char*);
  void* converter = nullptr;
  Convert convert = nullptr;
  Free free = nullptr;
  std::string error;
  // One conversion at a time: OpenCC does not promise its converters are
  // safe to share between threads, and traditional pages are few.
  absl::Mutex mu;

  std::string Run(absl::string_view s) {
    absl::MutexLock lock(&mu);
    char* out = convert(converter, s.data(), s.size());
    if (out == nullptr) return std::string(s);
    std::string result(out);
    free(out);
    return result;
  }
};

OpenCc& LoadedOpenCc() {
  static OpenCc* cc = [] {
    auto* c = new OpenCc();
    void* lib = dlopen("libopencc.so.1.1", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = dlerror();
      c->error = absl::StrCat(
          "traditional script is not converted: libopencc is not installed (Debian "
          "libopencc1.1): ",
          why != nullptr ? why : "unknown error");
      return c;
    }
    auto open = reinterpret_cast<OpenCc::Open>(dlsym(lib, "opencc_open"));
    c->convert = reinterpret_cast<OpenCc::Convert>(dlsym(lib, "opencc_convert_utf8"));
    c->free = reinterpret_cast<OpenCc::Free>(dlsym(lib, "opencc_convert_utf8_free"));
    if (open == nullptr || c->convert == nullptr || c->free == nullptr) {
      c->error = "traditional script is not converted: libopencc lacks its C API";
      return c;
    }
    // OpenCC returns (opencc_t)-1 when the configuration cannot be read.
    void* converter = open("t2s.json");
    if (converter == nullptr || converter == reinterpret_cast<void*>(-1)) {
      c->error =
          "traditional script is not converted: OpenCC's t2s.json is not installed (Debian "
          "libopencc-data)";
      return c;
    }
    c->converter = converter;
    return c;
  }();
  return *cc;
}

// Whether `to` has the byte layout of `from`: as many characters, each as
// long as the one it replaces.
bool SameLayout(absl::string_view from, absl::string_view to) {
  if (from.size() != to.size()) return false;
  for (size_t i = 0; i < from.size();) {
    int a = Utf8Length(static_cast<unsigned char>(from[i]));
    if (Utf8Length(static_cast<unsigned char>(to[i])) != a) return false;
    i += a;
  }
  return true;
}

// One line, character by character where its phrases change lengths.
void AppendLine(OpenCc& cc, absl::string_view line, std::string* out) {
  std::string converted = cc.Run(line);
  if (SameLayout(line, converted)) {
    out->append(converted);
    return;
  }
  for (size_t i = 0; i < line.size();) {
    int len = Utf8Length(static_cast<unsigned char>(line[i]));
    absl::string_view ch = line.substr(i, len);
    std::string one = len == 3 ? cc.Run(ch) : std::string(ch);
    out->append(SameLayout(ch, one) ? one : std::string(ch));
    i += len;
  }
}

}  // namespace

bool LooksTraditional(absl::string_view utf8) {
  const std::bitset<0x10000>& traditional = TraditionalOnly();
  int hits = 0;
  size_t end = std::min(utf8.size(), kSampleBytes);
  const auto* b = reinterpret_cast<const unsigned char*>(utf8.data());
  for (size_t i = 0; i < end;) {
    unsigned char lead = b[i];
    if (lead < 0x80) {  // ASCII: most of a page's markup and numbers
      ++i;
      continue;
    }
    if (lead >= 0xE0 && lead < 0xF0 && i + 3 <= utf8.size()) {
      // Decoded without DecodeAt's checks: this runs over every page, and
      // they cost more than the test.
      if (traditional.test(DecodeThreeBytes(b + i)) && ++hits >= kEnoughHits) return true;
      i += 3;
      continue;
    }
    i += Utf8Length(lead);
  }
  return false;
}

absl::StatusOr<std::string> ToSimplified(absl::string_view utf8) {
  OpenCc& cc = LoadedOpenCc();
  if (cc.converter == nullptr) return absl::FailedPreconditionError(cc.error);
  std::string out;
  out.reserve(utf8.size());
  // Line by line: a length change then costs one line's characters, and
  // OpenCC keeps line ends as they are.
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = utf8.find('\n', start);
    if (end == absl::string_view::npos) end = utf8.size();
    AppendLine(cc, utf8.substr(start, end - start), &out);
    if (end < utf8.size()) out.push_back('\n');
    start = end + 1;
  }
  return out;
}

}  // namespace fazhi::text
