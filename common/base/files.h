// Whole files read into memory, with errors that name the path.
//
//   ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
#ifndef FAZHI_COMMON_BASE_FILES_H_
#define FAZHI_COMMON_BASE_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace fazhi {

// NOT_FOUND when the file cannot be opened, DATA_LOSS when reading it fails
// midway; the message names `path`.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace fazhi

#endif  // FAZHI_COMMON_BASE_FILES_H_
