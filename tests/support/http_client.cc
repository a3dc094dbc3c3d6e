#include "tests/support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace fazhi::testing {

HttpReply HttpCall(int port, const std::string& method, const std::string& target,
                   const std::string& body, const std::string& headers, long long content_length) {
  HttpReply reply;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return reply;
  timeval timeout{120, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return reply;
  }
  std::string request = absl::StrCat(
      method, " ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", headers,
      "Content-Length: ",
      content_length >= 0 ? content_length : static_cast<long long>(body.size()), "\r\n\r\n", body);
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413) before taking it all
    sent += static_cast<size_t>(n);
  }
  // Until the server closes, or as soon as the body its Content-Length
  // announces is in (a server may answer 413 while the client still owes
  // it most of the body).
  std::string raw;
  char buffer[64 << 10];
  while (true) {
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
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
  close(fd);
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

}  // namespace fazhi::testing
