// Reads who wrote a report and when: the entity (name, level, organs), the
// year reported on, and the publication date.
#ifndef FAZHI_COMMON_ENGINE_METADATA_H_
#define FAZHI_COMMON_ENGINE_METADATA_H_

#include <string>

#include "absl/strings/string_view.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::engine {

struct Metadata {
  fazhi::v1::Entity entity;
  // 0 when unknown.
  int year = 0;
  // "YYYY-MM-DD", "YYYY-MM" or empty.
  std::string published;
};

// `normalized` is the output of text::Normalize. Evidence offsets in the
// entity refer to it. Without `entity_by_pattern` the entity's name and
// level are left to the caller (FindEntity, with the gazetteer); its organs
// are read all the same.
Metadata ReadMetadata(absl::string_view normalized, bool entity_by_pattern = true);

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_METADATA_H_
