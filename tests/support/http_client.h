// A minimal HTTP/1.1 client for tests: one request per connection to
// 127.0.0.1 (plain or TLS), the whole reply read until the server closes. Enough to call
// fazhi-gateway the way a Java or PHP portal would, with no library that
// could hide what goes over the wire.
//
//   HttpReply r = HttpCall(port, "GET", "/v1/stats?county=330102&year=2024");
//   EXPECT_EQ(r.status, 200) << r.body;
#ifndef FAZHI_TESTS_SUPPORT_HTTP_CLIENT_H_
#define FAZHI_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <map>
#include <string>

namespace fazhi::testing {

struct HttpReply {
  int status = 0;                              // 0: no reply (connection refused, broken reply)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string error;  // why there is no reply: a refused connection, a failed handshake
};

// TLS to the server: the CA that signed its certificate (for localhost),
// and for mTLS this client's certificate and key.
struct HttpsClient {
  std::string ca;
  std::string cert = "";
  std::string key = "";
};

// `target` is the path with its query. `headers` are sent as given
// ("Authorization: Bearer x\r\n" ...). With `content_length` >= 0 that
// length is declared whatever the body holds (a client announcing more
// than it sends).
HttpReply HttpCall(int port, const std::string& method, const std::string& target,
                   const std::string& body = "", const std::string& headers = "",
                   long long content_length = -1);
// The same over HTTPS.
HttpReply HttpsCall(int port, const HttpsClient& client, const std::string& method,
                    const std::string& target, const std::string& body = "",
                    const std::string& headers = "");

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_HTTP_CLIENT_H_
