// A CA and the certificates it signs, made with the openssl command in one
// folder, for tests of TLS and mTLS on real servers.
//
//   Pki pki(dir);
//   pki.Ca("ca");
//   pki.Cert("server", "ca");        // server.pem, server.key
//   ... {.cert = pki.Path("server.pem"), .key = pki.Path("server.key")} ...
#ifndef FAZHI_TESTS_SUPPORT_PKI_H_
#define FAZHI_TESTS_SUPPORT_PKI_H_

#include <string>

namespace fazhi::testing {

class Pki {
 public:
  explicit Pki(const std::string& dir) : dir_(dir) {}
  // A self-signed CA named `name`: name.pem, name.key.
  void Ca(const std::string& name);
  // A certificate for localhost / 127.0.0.1 (server and client use)
  // signed by `ca`, valid `days` (negative: already expired).
  void Cert(const std::string& name, const std::string& ca, int days = 1);
  std::string Path(const std::string& file) const { return dir_ + "/" + file; }

 private:
  std::string dir_;
};

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_PKI_H_
