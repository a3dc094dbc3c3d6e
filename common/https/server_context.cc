#include "common/https/server_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/base/log.h"

extern "C" int fazhi_civetweb_ssl_compat(void);
extern "C" int fazhi_civetweb_crypto_compat(void);

namespace fazhi::https {

struct ServerContext::Material {
  X509* leaf = nullptr;
  STACK_OF(X509) * chain = nullptr;  // the intermediates after the leaf
  EVP_PKEY* key = nullptr;
  X509_STORE* client_cas = nullptr;  // null without mTLS

  Material() = default;
  Material(const Material&) = delete;
  Material& operator=(const Material&) = delete;
  ~Material() {
    X509_free(leaf);
    sk_X509_pop_free(chain, X509_free);
    EVP_PKEY_free(key);
    X509_STORE_free(client_cas);
  }
};

namespace {

// OpenSSL's reason for the last failure, and its queue emptied.
std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no detail";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

absl::StatusOr<Bio> Open(const std::string& path, absl::string_view flag) {
  Bio bio(BIO_new_file(path.c_str(), "r"), &BIO_free);
  if (bio == nullptr) {
    ERR_clear_error();
    return absl::InvalidArgumentError(absl::StrCat(flag, "=", path, " cannot be read"));
  }
  return bio;
}

absl::StatusOr<std::shared_ptr<const ServerContext::Material>> Load(const rpc::ServerTls& tls) {
  auto material = std::make_shared<ServerContext::Material>();
  {
    absl::StatusOr<Bio> bio = Open(tls.cert, "--tls_cert");
    if (!bio.ok()) return bio.status();
    material->leaf = PEM_read_bio_X509(bio->get(), nullptr, nullptr, nullptr);
    if (material->leaf == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("--tls_cert=", tls.cert, " holds no PEM certificate: ", OpenSslError()));
    }
    material->chain = sk_X509_new_null();
    while (X509* next = PEM_read_bio_X509(bio->get(), nullptr, nullptr, nullptr)) {
      sk_X509_push(material->chain, next);
    }
    ERR_clear_error();  // the end of the file
  }
  {
    absl::StatusOr<Bio> bio = Open(tls.key, "--tls_key");
    if (!bio.ok()) return bio.status();
    material->key = PEM_read_bio_PrivateKey(bio->get(), nullptr, nullptr, nullptr);
    if (material->key == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("--tls_key=", tls.key, " holds no PEM private key: ", OpenSslError()));
    }
  }
  if (X509_check_private_key(material->leaf, material->key) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        absl::StrCat("--tls_key=", tls.key, " is not the key of --tls_cert=", tls.cert));
  }
  if (!tls.client_ca.empty()) {
    if (absl::StatusOr<Bio> readable = Open(tls.client_ca, "--tls_client_ca"); !readable.ok()) {
      return readable.status();
    }
    material->client_cas = X509_STORE_new();
    if (X509_STORE_load_file(material->client_cas, tls.client_ca.c_str()) != 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--tls_client_ca=", tls.client_ca, " holds no PEM certificate: ", OpenSslError()));
    }
  }
  return std::shared_ptr<const ServerContext::Material>(std::move(material));
}

std::string StampOf(const std::string& path) {
  struct stat st {};
  if (path.empty() || stat(path.c_str(), &st) != 0) return "-";
  return absl::StrCat(st.st_ino, ":", st.st_size, ":", st.st_mtim.tv_sec, ".", st.st_mtim.tv_nsec);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerContext>> ServerContext::Create(const rpc::ServerTls& tls) {
  if (tls.cert.empty() || tls.key.empty()) {
    return absl::InvalidArgumentError(tls.client_ca.empty()
                                          ? "--tls_cert and --tls_key go together"
                                          : "--tls_client_ca needs --tls_cert and --tls_key");
  }
  // Keeps civetweb's OpenSSL 3 compatibility libraries loaded (they hold
  // no code this library calls otherwise).
  if (fazhi_civetweb_ssl_compat() != 1 || fazhi_civetweb_crypto_compat() != 1) {
    return absl::InternalError("civetweb's OpenSSL compatibility libraries are not loaded");
  }
  std::unique_ptr<ServerContext> context(new ServerContext(tls));
  absl::StatusOr<std::shared_ptr<const Material>> material = Load(tls);
  if (!material.ok()) return material.status();
  {
    absl::MutexLock lock(&context->mutex_);
    context->material_ = *std::move(material);
    context->stamp_ = context->StampOfFiles();
    context->checked_at_ = std::time(nullptr);
  }
  context->ctx_ = SSL_CTX_new(TLS_server_method());
  if (context->ctx_ == nullptr) {
    return absl::InternalError(absl::StrCat("cannot make a TLS context: ", OpenSslError()));
  }
  SSL_CTX_set_min_proto_version(context->ctx_, TLS1_2_VERSION);
  SSL_CTX_set_options(context->ctx_, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_cert_cb(context->ctx_, &ServerContext::OnCertificate, context.get());
  if (context->mutual()) {
    SSL_CTX_set_verify(context->ctx_, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return context;
}

ServerContext::~ServerContext() { SSL_CTX_free(ctx_); }

std::string ServerContext::StampOfFiles() const {
  return absl::StrCat(StampOf(tls_.cert), " ", StampOf(tls_.key), " ", StampOf(tls_.client_ca));
}

std::shared_ptr<const ServerContext::Material> ServerContext::Current() {
  absl::MutexLock lock(&mutex_);
  std::time_t now = std::time(nullptr);
  if (now - checked_at_ < static_cast<std::time_t>(tls_.refresh_seconds)) return material_;
  checked_at_ = now;
  std::string stamp = StampOfFiles();
  if (stamp == stamp_) return material_;
  absl::StatusOr<std::shared_ptr<const Material>> fresh = Load(tls_);
  if (!fresh.ok()) {
    // Mid-rotation or broken: keep serving what worked, look again later.
    FAZHI_LOG(kWarning) << "TLS files changed but cannot be used yet, keeping the previous ones: "
                        << fresh.status().message();
    return material_;
  }
  FAZHI_LOG(kInfo) << "TLS certificate, key or client CA re-read";
  material_ = *std::move(fresh);
  stamp_ = std::move(stamp);
  return material_;
}

int ServerContext::OnCertificate(SSL* ssl, void* self) {
  std::shared_ptr<const Material> m = static_cast<ServerContext*>(self)->Current();
  if (SSL_use_cert_and_key(ssl, m->leaf, m->key, m->chain, 1) != 1) {
    ERR_clear_error();
    return 0;  // the handshake fails
  }
  if (m->client_cas != nullptr && SSL_set1_verify_cert_store(ssl, m->client_cas) != 1) {
    ERR_clear_error();
    return 0;
  }
  return 1;
}

}  // namespace fazhi::https
