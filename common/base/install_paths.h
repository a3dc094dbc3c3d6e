// Files fazhi installs beside its binaries: bin/, lib/fazhi/, share/fazhi/
// under one prefix (the build folder or an image's /opt/fazhi).
//
//   std::string index = InstalledPath("share/fazhi/gazetteer.tsv");
#ifndef FAZHI_COMMON_BASE_INSTALL_PATHS_H_
#define FAZHI_COMMON_BASE_INSTALL_PATHS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace fazhi {

// `relative` under the prefix of the running binary (the folder above its
// bin/); `relative` itself when the binary's path cannot be read.
std::string InstalledPath(absl::string_view relative);

}  // namespace fazhi

#endif  // FAZHI_COMMON_BASE_INSTALL_PATHS_H_
