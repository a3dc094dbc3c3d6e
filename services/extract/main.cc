// fazhi-extract: serves fazhi.v1.ExtractionService. Flags become options;
// everything else lives in ExtractServer. The flags every service shares
// are in common/rpc/server_flags.h.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/service_main.h"
#include "common/rpc/signals.h"
#include "services/extract/extract_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7102", "host:port to serve on");
ABSL_FLAG(std::string, gazetteer, "",
          "gazetteer index (default: ../share/fazhi/gazetteer.tsv beside the binary)");
ABSL_FLAG(std::string, catalog, "",
          "indicator catalog (text proto); default: the catalog built into the binary");
ABSL_FLAG(int64_t, max_document_bytes, fazhi::engine::kDefaultMaxDocumentBytes,
          "largest document read; larger ones are RESOURCE_EXHAUSTED (keep it at least "
          "ingest's --max_document_bytes)");
ABSL_FLAG(int, parser_workers, 2,
          "worker processes parsing PDF, DOCX and HTML (fazhi-parser beside this binary); "
          "0: parse in this process, where a parser crash takes the service down");
ABSL_FLAG(int64_t, parser_memory_mb, 1024, "address space of each parser worker (RLIMIT_AS)");
ABSL_FLAG(int, parser_cpu_seconds, 30, "CPU seconds a parser worker may spend on one document");
ABSL_FLAG(absl::Duration, parser_timeout, absl::Seconds(60),
          "wall time a parser worker may spend on one document before it is killed");
ABSL_FLAG(std::vector<std::string>, parser_test_args, {},
          "tests only: extra flags for every parser worker (--test_crash_on=BYTES, ...)");
ABSL_FLAG(std::string, test_abort_on, "",
          "tests only: abort the process on a document holding these bytes (a crashing parser)");

int main(int argc, char** argv) {
  fazhi::rpc::InstallTerminationHandlers();
  absl::ParseCommandLine(argc, argv);
  fazhi::rpc::ServerFlags common = fazhi::rpc::ReadServerFlags();
  fazhi::extract::ExtractServerOptions options{
      .listen = absl::GetFlag(FLAGS_listen),
      .gazetteer_path = absl::GetFlag(FLAGS_gazetteer),
      .catalog_path = absl::GetFlag(FLAGS_catalog),
      .test_abort_on = absl::GetFlag(FLAGS_test_abort_on),
      .max_document_bytes = absl::GetFlag(FLAGS_max_document_bytes),
      .parser_workers = absl::GetFlag(FLAGS_parser_workers),
      .parser = {
          .max_memory_bytes = absl::GetFlag(FLAGS_parser_memory_mb) << 20,
          .cpu_seconds = absl::GetFlag(FLAGS_parser_cpu_seconds),
          .deadline = absl::GetFlag(FLAGS_parser_timeout),
          .extra_args = absl::GetFlag(FLAGS_parser_test_args),
      }};
  fazhi::rpc::ApplyServerFlags(common, &options);
  return fazhi::rpc::Serve<fazhi::extract::ExtractServer>(common.log_level, options);
}
