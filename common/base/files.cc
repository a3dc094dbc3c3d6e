#include "common/base/files.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace fazhi {

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("reading ", path, " failed"));
  return text.str();
}

}  // namespace fazhi
