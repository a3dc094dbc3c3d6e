#include "tests/support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace fazhi::testing {

namespace {

// One connection's bytes: plain TCP, or TLS over it.
struct Connection {
  int fd = -1;
  SSL* ssl = nullptr;

  ssize_t Send(const char* data, size_t size) {
    if (ssl != nullptr) return SSL_write(ssl, data, static_cast<int>(size));
    return send(fd, data, size, MSG_NOSIGNAL);
  }
  ssize_t Receive(char* data, size_t size) {
    if (ssl != nullptr) return SSL_read(ssl, data, static_cast<int>(size));
    return recv(fd, data, size, 0);
  }
};

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval timeout{120, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  char text[256] = "handshake failed";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  return text;
}

HttpReply Failed(const std::string& why) {
  HttpReply reply;
  reply.error = why;
  return reply;
}

HttpReply Exchange(Connection& connection, const std::string& method, const std::string& target,
                   const std::string& body, const std::string& headers, long long content_length) {
  HttpReply reply;
  std::string request = absl::StrCat(
      method, " ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", headers,
      "Content-Length: ",
      content_length >= 0 ? content_length : static_cast<long long>(body.size()), "\r\n\r\n", body);
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = connection.Send(request.data() + sent, request.size() - sent);
    if (n <= 0) break;  // the server may answer (413) before taking it all
    sent += static_cast<size_t>(n);
  }
  // Until the server closes, or as soon as the body its Content-Length
  // announces is in (a server may answer 413 while the client still owes
  // it most of the body).
  std::string raw;
  char buffer[64 << 10];
  while (true) {
    ssize_t n = connection.Receive(buffer, sizeof buffer);
    if (n <= 0) break;
    raw.append(buffer, static_cast<size_t>(n));
    size_t head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos) continue;
    std::string head = absl::AsciiStrToLower(raw.substr(0, head_end));
    size_t at = head.find("\r\ncontent-length:");
    size_t length = 0;
    if (at != std::string::npos &&
        absl::SimpleAtoi(
            absl::StripAsciiWhitespace(head.substr(at + 17, head.find("\r\n", at + 2) - at - 17)),
            &length) &&
        raw.size() >= head_end + 4 + length) {
      break;
    }
  }
  size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos) return reply;
  std::vector<std::string> lines = absl::StrSplit(raw.substr(0, end), "\r\n");
  std::vector<std::string> status_line = absl::StrSplit(lines[0], ' ');
  if (status_line.size() < 2 || !absl::SimpleAtoi(status_line[1], &reply.status)) return reply;
  for (size_t i = 1; i < lines.size(); ++i) {
    size_t colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    reply.headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
  }
  reply.body = raw.substr(end + 4);
  return reply;
}

}  // namespace

HttpReply HttpCall(int port, const std::string& method, const std::string& target,
                   const std::string& body, const std::string& headers, long long content_length) {
  Connection connection{Connect(port)};
  if (connection.fd < 0) return Failed("cannot connect");
  HttpReply reply = Exchange(connection, method, target, body, headers, content_length);
  close(connection.fd);
  return reply;
}

HttpReply HttpsCall(int port, const HttpsClient& client, const std::string& method,
                    const std::string& target, const std::string& body,
                    const std::string& headers) {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        &SSL_CTX_free);
  if (SSL_CTX_load_verify_locations(ctx.get(), client.ca.c_str(), nullptr) != 1) {
    return Failed("cannot read the CA " + client.ca);
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  if (!client.cert.empty() &&
      (SSL_CTX_use_certificate_chain_file(ctx.get(), client.cert.c_str()) != 1 ||
       SSL_CTX_use_PrivateKey_file(ctx.get(), client.key.c_str(), SSL_FILETYPE_PEM) != 1)) {
    return Failed("cannot read the client certificate " + client.cert);
  }
  Connection connection{Connect(port)};
  if (connection.fd < 0) return Failed("cannot connect");
  connection.ssl = SSL_new(ctx.get());
  SSL_set1_host(connection.ssl, "localhost");
  SSL_set_tlsext_host_name(connection.ssl, "localhost");
  SSL_set_fd(connection.ssl, connection.fd);
  HttpReply reply;
  if (SSL_connect(connection.ssl) != 1) {
    reply.error = OpenSslError();
  } else {
    reply = Exchange(connection, method, target, body, headers, -1);
    // TLS 1.3: a server that refuses the client's certificate says so
    // after the handshake, on the first read.
    if (reply.status == 0 && reply.error.empty()) reply.error = OpenSslError();
  }
  SSL_free(connection.ssl);
  close(connection.fd);
  return reply;
}

}  // namespace fazhi::testing
