// Loaded as "libcrypto.so" (its SONAME) for Debian 12's civetweb, which
// dlopens that name: everything it looks up comes from libcrypto.so.3,
// this library's dependency. Runtime images have no "libcrypto.so" (that
// link belongs to libssl-dev).
extern "C" int fazhi_civetweb_crypto_compat() { return 1; }
