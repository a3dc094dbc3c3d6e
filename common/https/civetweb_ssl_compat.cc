// Loaded as "libssl.so" (its SONAME) for Debian 12's civetweb, which was
// built for OpenSSL 1.1 and looks its functions up by name in what
// dlopen("libssl.so") returns: this library and, through its dependency,
// libssl.so.3. OpenSSL 3 renamed one of them; it is given back here.
#include <openssl/ssl.h>

#undef SSL_get_peer_certificate
extern "C" {
X509* SSL_get_peer_certificate(const SSL* ssl) { return SSL_get1_peer_certificate(ssl); }

// Called by fazhi_https so that the linker keeps this library loaded.
int fazhi_civetweb_ssl_compat() { return 1; }
}
