// Replays fuzz inputs without libFuzzer, so that the normal (gcc) build and
// ctest run a target over its seeds and every crash kept from fuzzing:
//
//   engine_fuzz_replay tests/fuzz/corpus/engine tests/fuzz/regressions/engine
//
// Each argument is a file or a directory (every regular file under it, in
// name order, so that a failure replays the same way). A directory that does
// not exist counts as empty: regressions/<target>/ appears with the target's
// first crash. No input at all is an error: a wrong path must not pass.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    fs::path arg(argv[i]);
    if (fs::is_directory(arg)) {
      for (const auto& entry : fs::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) inputs.push_back(entry.path());
      }
    } else if (fs::exists(arg)) {
      inputs.push_back(arg);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  if (inputs.empty()) {
    std::fprintf(stderr, "no fuzz inputs found\n");
    return 1;
  }
  for (const fs::path& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    // Named before it runs: a crash ends the process, and this line says
    // which input it was.
    std::fprintf(stderr, "%s (%zu bytes)\n", path.c_str(), bytes.size());
    // An exact-size copy, as libFuzzer passes it, so that reading past the
    // end is past the allocation.
    std::vector<uint8_t> input(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
  }
  std::fprintf(stderr, "replayed %zu inputs\n", inputs.size());
  return 0;
}
