#include "common/rpc/auth.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "gtest/gtest.h"

namespace fazhi::rpc {
namespace {

TEST(AuthTest, TokensFileLinesAndTheirMistakes) {
  auto parsed = ParseTokens(
      "# county portal and ingest\n"
      "\n"
      "portal-token-0123456789 submit,read county-portal\n"
      "ingest-token-0123456789\textract,peer\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->size(), 2u);
  for (const auto& [hash, client] : *parsed) {
    EXPECT_EQ(hash.size(), 64u) << "tokens are kept only as their SHA-256";
    EXPECT_TRUE(client.first == "county-portal" || client.first == "token#4") << client.first;
  }
  struct Case {
    const char* text;
    const char* says;
  } bad[] = {
      {"portal-token-0123456789 write\n", "unknown role 'write'"},
      {"short submit\n", "at least 16 characters"},
      {"portal-token-0123456789\n", "line 1: expected TOKEN"},
      {"a b c d\n", "expected TOKEN"},
      {"portal-token-0123456789 read x\nportal-token-0123456789 submit y\n", "line 2"},
  };
  for (const Case& c : bad) {
    auto result = ParseTokens(c.text);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(result.status().message().find(c.says), absl::string_view::npos)
        << result.status() << " for " << c.text;
  }
}

TEST(AuthTest, HeadersAreCheckedAgainstRoles) {
  auto none = Authenticator::Load("");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE((*none)->enabled());
  EXPECT_TRUE((*none)->CheckHeader("", Role::kPeer).ok()) << "no file: every call is allowed";

  EXPECT_EQ(Authenticator::Load("/nonexistent/tokens").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(AuthTest, OneClientCannotStarveTheOthers) {
  char path[] = "/tmp/fazhi-tokens.XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string text = "greedy-token-0123456789 read greedy\nquiet-token-0123456789 read quiet\n";
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  auto auth = Authenticator::Load(path, /*rate_per_client=*/5);
  ASSERT_TRUE(auth.ok()) << auth.status();
  int allowed = 0;
  absl::Status refused;
  for (int i = 0; i < 30; ++i) {
    auto caller = (*auth)->CheckHeader("Bearer greedy-token-0123456789", Role::kRead);
    if (caller.ok()) {
      ++allowed;
    } else {
      refused = caller.status();
    }
  }
  EXPECT_GE(allowed, 10) << "a burst of twice the rate";
  EXPECT_LE(allowed, 12);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(refused.message().find("retry in"), absl::string_view::npos) << refused;
  EXPECT_TRUE((*auth)->CheckHeader("Bearer quiet-token-0123456789", Role::kRead).ok());
  unlink(path);
}

// A rotated peer token is picked up without a restart; a file that breaks
// keeps the last good token.
TEST(AuthTest, PeerTokenFileIsReadAgainWhenItChanges) {
  char path[] = "/tmp/fazhi-peer-token-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  auto write = [&](const std::string& text, int mtime_offset_s) {
    FILE* f = std::fopen(path, "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
    // A distinct mtime whatever the file system's granularity.
    struct timespec times[2] = {{time(nullptr) + mtime_offset_s, 0},
                                {time(nullptr) + mtime_offset_s, 0}};
    utimensat(AT_FDCWD, path, times, 0);
  };
  write("first-token-0123456789\n", 0);
  auto file = TokenFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ((*file)->Current(), "first-token-0123456789");
  write("second-token-0123456789\n", 5);
  usleep(1100 * 1000);  // it looks at most once a second
  EXPECT_EQ((*file)->Current(), "second-token-0123456789");
  write("", 10);
  usleep(1100 * 1000);
  EXPECT_EQ((*file)->Current(), "second-token-0123456789") << "an empty file keeps the last token";
  write("\n", 15);
  EXPECT_FALSE(TokenFile::Open(path).ok()) << "at start the file must hold a token";
  unlink(path);
}

}  // namespace
}  // namespace fazhi::rpc
