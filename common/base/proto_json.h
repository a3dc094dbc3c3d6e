// Protocol buffer messages as JSON, the way the fazhi CLI and tools print
// them: proto field names, enum names, 64-bit integers as strings, every
// primitive and repeated field even when empty (the text
// google::protobuf::util::MessageToJsonString gives with
// preserve_proto_field_names and always_print_primitive_fields), written
// directly by reflection. Protobuf 3.21's own printer converts through a
// binary round trip and an object tree and is several times slower, which
// showed in `fazhi extract` over many files.
//
//   std::string line = ProtoToJson(report);
#ifndef FAZHI_COMMON_BASE_PROTO_JSON_H_
#define FAZHI_COMMON_BASE_PROTO_JSON_H_

#include <string>

#include "google/protobuf/message.h"

namespace fazhi {

// Messages using well-known types (Timestamp, Any, ...) or holding strings
// that are not UTF-8 are handed to protobuf's printer, so the text is the
// same for every message.
std::string ProtoToJson(const google::protobuf::Message& message);

}  // namespace fazhi

#endif  // FAZHI_COMMON_BASE_PROTO_JSON_H_
