#include "tests/support/pki.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

void Run(const std::string& command) {
  ASSERT_EQ(std::system((command + " >/dev/null 2>&1").c_str()), 0) << command;
}

}  // namespace

void Pki::Ca(const std::string& name) {
  Run(absl::StrCat("openssl req -x509 -newkey rsa:2048 -nodes -keyout ", Path(name + ".key"),
                   " -out ", Path(name + ".pem"), " -days 2 -subj /CN=", name));
}

void Pki::Cert(const std::string& name, const std::string& ca, int days) {
  WriteFileOrDie(Path("ext"),
                 "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                 "extendedKeyUsage=serverAuth,clientAuth\n");
  Run(absl::StrCat("openssl req -newkey rsa:2048 -nodes -keyout ", Path(name + ".key"), " -out ",
                   Path(name + ".csr"), " -subj /CN=", name));
  Run(absl::StrCat("openssl x509 -req -in ", Path(name + ".csr"), " -CA ", Path(ca + ".pem"),
                   " -CAkey ", Path(ca + ".key"), " -CAcreateserial -out ", Path(name + ".pem"),
                   " -days ", days, " -extfile ", Path("ext")));
}

}  // namespace fazhi::testing
