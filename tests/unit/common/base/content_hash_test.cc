#include "common/base/content_hash.h"

#include <string>

#include "gtest/gtest.h"

namespace fazhi {
namespace {

TEST(ContentHashTest, Sha256OfKnownInputs) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // A million 'a's: many blocks.
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(ContentHashTest, ReportIdIsTheHashPrefix) {
  std::string bytes = "某镇2024年法治政府建设情况报告";
  EXPECT_EQ(ReportIdFor(bytes), Sha256Hex(bytes).substr(0, 32));
  EXPECT_NE(ReportIdFor(bytes), ReportIdFor(bytes + " "));
}

}  // namespace
}  // namespace fazhi
