// An OpenSSL server context for HTTPS, built from the flags every fazhi
// service shares (--tls_cert, --tls_key, --tls_client_ca: rpc::ServerTls):
// TLS 1.2 or later, and with a client CA, mTLS (a client certificate that
// CA signed is required). The files are looked at again at most every
// `refresh_seconds` during handshakes and a changed, consistent set is
// taken up for the next connections: a rotated Kubernetes Secret needs no
// restart. A half-written rotation (a new certificate beside the old key)
// keeps the set in use until the files agree again.
//
//   ASSIGN_OR_RETURN(auto context, https::ServerContext::Create(tls));
//   callbacks.external_ssl_ctx = ...;  // hands context->ssl_ctx() to civetweb
#ifndef FAZHI_COMMON_HTTPS_SERVER_CONTEXT_H_
#define FAZHI_COMMON_HTTPS_SERVER_CONTEXT_H_

#include <ctime>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/rpc/tls.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace fazhi::https {

class ServerContext {
 public:
  // INVALID_ARGUMENT naming the flag of a missing, unreadable or
  // unparsable file, or a key that is not the certificate's.
  static absl::StatusOr<std::unique_ptr<ServerContext>> Create(const rpc::ServerTls& tls);
  ~ServerContext();
  ServerContext(const ServerContext&) = delete;
  ServerContext& operator=(const ServerContext&) = delete;

  // Owned by this object; valid while it lives.
  SSL_CTX* ssl_ctx() const { return ctx_; }
  bool mutual() const { return !tls_.client_ca.empty(); }

  // Material: a certificate chain, its key and the client CA's store, as
  // read from the files at one moment.
  struct Material;

 private:
  explicit ServerContext(const rpc::ServerTls& tls) : tls_(tls) {}
  // The stamp (inode, size, mtime) of the three files.
  std::string StampOfFiles() const;
  // The material in use, re-read first when it is time to look and the
  // files changed.
  std::shared_ptr<const Material> Current();
  // The certificate callback: sets this connection's certificate, key and
  // client CA from Current().
  static int OnCertificate(SSL* ssl, void* self);

  const rpc::ServerTls tls_;
  SSL_CTX* ctx_ = nullptr;
  absl::Mutex mutex_;
  std::shared_ptr<const Material> material_ ABSL_GUARDED_BY(mutex_);
  std::string stamp_ ABSL_GUARDED_BY(mutex_);
  std::time_t checked_at_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace fazhi::https

#endif  // FAZHI_COMMON_HTTPS_SERVER_CONTEXT_H_
