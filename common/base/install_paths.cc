#include "common/base/install_paths.h"

#include <filesystem>

namespace fazhi {

std::string InstalledPath(absl::string_view relative) {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::string(relative);
  return (exe.parent_path().parent_path() / std::string(relative)).string();
}

}  // namespace fazhi
