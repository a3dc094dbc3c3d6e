#include "common/text/decode.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"

namespace fazhi::text {
namespace {

// Converts with glibc iconv; fails on the first byte that does not convert.
absl::StatusOr<std::string> Convert(absl::string_view bytes, const char* from_encoding,
                                    const char* to_encoding = "UTF-8") {
  iconv_t cd = iconv_open(to_encoding, from_encoding);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return absl::InternalError(absl::StrCat("iconv cannot convert from ", from_encoding));
  }
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  absl::Status status;
  while (in_left > 0) {
    size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    if (rc != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) {
      size_t used = out.size() - out_left;
      out.resize(out.size() * 2);
      out_ptr = out.data() + used;
      out_left = out.size() - used;
      continue;
    }
    status = absl::InvalidArgumentError(absl::StrCat("bytes are not valid ", from_encoding,
                                                     " (offset ", bytes.size() - in_left, ")"));
    break;
  }
  iconv_close(cd);
  if (!status.ok()) return status;
  out.resize(out.size() - out_left);
  return out;
}

// Control characters other than the layout ones text uses.
bool IsControl(char c) {
  auto b = static_cast<unsigned char>(c);
  return b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f';
}

// Text has few control characters; binary data (images, archives) has many.
absl::Status CheckLooksLikeText(absl::string_view utf8) {
  if (utf8.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "document looks like binary data (contains NUL bytes), not text");
  }
  // Eight bytes at a time: only words that hold a byte below 0x20 (mostly
  // line breaks) are looked at byte by byte.
  size_t controls = 0;
  size_t i = 0;
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  for (; i + 8 <= utf8.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, utf8.data() + i, 8);
    if (((word - 0x20 * kOnes) & ~word & 0x80 * kOnes) == 0) continue;
    for (size_t k = i; k < i + 8; ++k) controls += IsControl(utf8[k]);
  }
  for (; i < utf8.size(); ++i) controls += IsControl(utf8[i]);
  if (controls * 100 > utf8.size() + 100) {
    return absl::InvalidArgumentError(
        "document looks like binary data (too many control characters)");
  }
  return absl::OkStatus();
}

// GB18030 decodes almost any byte string; real Chinese text decodes mostly
// to Han characters and CJK punctuation.
bool PlausibleChinese(absl::string_view utf8) {
  size_t non_ascii = 0;
  size_t han_or_punct = 0;
  for (size_t i = 0; i < utf8.size();) {
    int len;
    char32_t cp = DecodeAt(utf8, i, &len);
    i += len;
    if (cp < 0x80) continue;
    ++non_ascii;
    if (IsHan(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
        cp == 0x201C || cp == 0x201D) {
      ++han_or_punct;
    }
  }
  return non_ascii == 0 || han_or_punct * 10 >= non_ascii * 8;
}

// UTF-16 written without its byte-order mark: Chinese text in UTF-16 has a
// NUL in half its ASCII code units and none in its Han ones, so the side of
// the NULs says the byte order. nullptr when the bytes do not look so.
const char* BomlessUtf16(absl::string_view bytes) {
  if (bytes.size() < 8 || bytes.size() % 2 != 0) return nullptr;
  size_t n = std::min<size_t>(bytes.size(), 4096) & ~size_t{1};
  size_t even_nul = 0, odd_nul = 0;
  for (size_t i = 0; i < n; i += 2) {
    even_nul += bytes[i] == '\0';
    odd_nul += bytes[i + 1] == '\0';
  }
  size_t units = n / 2;
  // Digits and line ends give NULs on one side (a Han character such as
  // 开, U+5F00, now and then on the other); binary data gives them on both.
  if (odd_nul * 20 >= units && even_nul * 4 <= odd_nul) return "UTF-16LE";
  if (even_nul * 20 >= units && odd_nul * 4 <= even_nul) return "UTF-16BE";
  return nullptr;
}

}  // namespace

absl::StatusOr<DecodedText> DecodeToUtf8(absl::string_view bytes) {
  if (bytes.empty()) return absl::InvalidArgumentError("document is empty");
  DecodedText out;
  if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (absl::StartsWith(bytes, "\xFF\xFE") || absl::StartsWith(bytes, "\xFE\xFF")) {
    bool little = bytes[0] == '\xFF';
    bytes.remove_prefix(2);
    auto converted = Convert(bytes, little ? "UTF-16LE" : "UTF-16BE");
    if (!converted.ok()) return converted.status();
    out.text = *std::move(converted);
    out.encoding = little ? "utf-16le" : "utf-16be";
  } else if (const char* utf16 =
                 bytes.find('\0') == absl::string_view::npos ? nullptr : BomlessUtf16(bytes);
             utf16 != nullptr) {
    auto converted = Convert(bytes, utf16);
    if (!converted.ok() || !PlausibleChinese(*converted)) {
      return absl::InvalidArgumentError(
          absl::StrCat("document looks like ", utf16,
                       " text without a byte-order mark but does not decode "
                       "as Chinese text"));
    }
    out.text = *std::move(converted);
    out.encoding = absl::AsciiStrToLower(utf16);
  } else {
    if (bytes.find('\0') != absl::string_view::npos) {
      return absl::InvalidArgumentError(
          "document looks like binary data (contains NUL bytes), not text");
    }
    size_t invalid = FirstInvalidUtf8(bytes);
    if (invalid == absl::string_view::npos) {
      out.text = std::string(bytes);
      out.encoding = "utf-8";
    } else {
      auto converted = Convert(bytes, "GB18030");
      if (!converted.ok() || !PlausibleChinese(*converted)) {
        return absl::InvalidArgumentError(
            absl::StrCat("document is neither UTF-8 (invalid byte at offset ", invalid,
                         ") nor GB18030/GBK Chinese text"));
      }
      out.text = *std::move(converted);
      out.encoding = "gb18030";
    }
  }
  if (absl::Status s = CheckLooksLikeText(out.text); !s.ok()) return s;
  bool blank = true;
  for (char c : out.text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) {
      blank = false;
      break;
    }
  }
  if (blank) {
    return absl::InvalidArgumentError("document holds only white space");
  }
  return out;
}

absl::StatusOr<std::string> EncodeUtf8As(absl::string_view utf8, const char* encoding) {
  return Convert(utf8, "UTF-8", encoding);
}

}  // namespace fazhi::text
