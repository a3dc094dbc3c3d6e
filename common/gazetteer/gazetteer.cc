#include "common/gazetteer/gazetteer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/log.h"

namespace fazhi::gazetteer {
namespace {

int LevelOfTag(absl::string_view tag) {
  if (tag == "P") return 0;
  if (tag == "C") return 1;
  if (tag == "A") return 2;
  if (tag == "S") return 3;
  return -1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Load(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(absl::StrCat("gazetteer index ", path, " not found"));
  struct stat info;
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    close(fd);
    return absl::InvalidArgumentError(
        absl::StrCat("gazetteer index ", path, " is not a regular file"));
  }
  std::string text(static_cast<size_t>(info.st_size), '\0');
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = read(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  close(fd);
  text.resize(done);
  auto gazetteer = FromText(std::move(text));
  if (!gazetteer.ok()) {
    return absl::Status(gazetteer.status().code(),
                        absl::StrCat(path, ": ", gazetteer.status().message()));
  }
  return gazetteer;
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Parse(absl::string_view index) {
  return FromText(std::string(index));
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::FromText(std::string text) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  g->text_ = std::move(text);
  absl::string_view index = g->text_;
  struct Row {
    absl::string_view code, name, parent;
    int line;
  };
  std::vector<Row> rows[4];
  rows[3].reserve(index.size() / 32);  // township lines are some 32 bytes long
  int line_number = 0;
  for (size_t at = 0; at < index.size();) {
    size_t newline = index.find('\n', at);
    if (newline == absl::string_view::npos) newline = index.size();
    absl::string_view line = index.substr(at, newline - at);
    at = newline + 1;
    ++line_number;
    if (line.empty()) continue;
    // Up to four tab-separated fields, without a vector per line.
    absl::string_view f[4];
    size_t fields = 0;
    for (absl::string_view rest = line; fields < 5;) {
      size_t tab = rest.find('\t');
      if (fields < 4) f[fields] = rest.substr(0, tab);
      ++fields;
      if (tab == absl::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    int level = LevelOfTag(f[0]);
    size_t want = level == 0 ? 3 : 4;
    if (level < 0 || fields != want || f[1].empty() || f[2].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("gazetteer index line ", line_number, " is malformed"));
    }
    rows[level].push_back({f[1], f[2], f[3], line_number});
  }
  auto by_code = [](const Row& a, const Row& b) { return a.code < b.code; };
  for (int level = 0; level < 4; ++level) {
    std::vector<Row>& r = rows[level];
    // The built index is in code order already; other files are sorted here.
    if (!std::is_sorted(r.begin(), r.end(), by_code)) std::stable_sort(r.begin(), r.end(), by_code);
    std::vector<Division>& table = g->tables_[level];
    table.reserve(r.size());
    absl::string_view last_parent;
    int last_parent_index = -1;
    for (size_t i = 0; i < r.size(); ++i) {
      if (i > 0 && r[i].code == r[i - 1].code) {
        return absl::InvalidArgumentError(
            absl::StrCat("gazetteer index line ", r[i].line, ": duplicate code ", r[i].code));
      }
      Division d{r[i].code, r[i].name, static_cast<Level>(level), -1};
      if (level > 0) {
        // Divisions in code order mostly share the parent of the one before.
        if (last_parent_index < 0 || r[i].parent != last_parent) {
          last_parent = r[i].parent;
          last_parent_index = g->IndexOf(level - 1, last_parent);
        }
        if (last_parent_index < 0) {
          return absl::InvalidArgumentError(
              absl::StrCat("gazetteer index line ", r[i].line, ": unknown parent ", r[i].parent));
        }
        d.parent = last_parent_index;
      }
      table.push_back(d);
    }
  }
  if (g->tables_[2].empty()) {
    return absl::InvalidArgumentError("gazetteer index holds no counties");
  }
  for (int level : {2, 3}) {
    const std::vector<Division>& table = g->tables_[level];
    auto& first = g->first_named_[level];
    std::vector<int>& next = g->next_same_name_[level];
    first.reserve(table.size());
    next.assign(table.size(), -1);
    // From the back, so that each chain runs in code order.
    for (int i = static_cast<int>(table.size()) - 1; i >= 0; --i) {
      auto [it, inserted] = first.try_emplace(table[i].name, i);
      if (!inserted) {
        next[i] = it->second;
        it->second = i;
      }
    }
  }
  // Townships by county: a counting sort on the parent keeps code order.
  const std::vector<Division>& townships = g->tables_[3];
  g->county_begin_.assign(g->tables_[2].size() + 1, 0);
  for (const Division& t : townships) ++g->county_begin_[t.parent + 1];
  for (size_t c = 1; c < g->county_begin_.size(); ++c) {
    g->county_begin_[c] += g->county_begin_[c - 1];
  }
  g->townships_by_county_.resize(townships.size());
  std::vector<int> fill(g->county_begin_.begin(), g->county_begin_.end() - 1);
  for (size_t i = 0; i < townships.size(); ++i) {
    g->townships_by_county_[fill[townships[i].parent]++] = static_cast<int>(i);
  }
  return g;
}

int Gazetteer::IndexOf(int level, absl::string_view code) const {
  const std::vector<Division>& table = tables_[level];
  auto it = std::lower_bound(table.begin(), table.end(), code,
                             [](const Division& d, absl::string_view c) { return d.code < c; });
  if (it == table.end() || it->code != code) return -1;
  return static_cast<int>(it - table.begin());
}

const Division* Gazetteer::Find(absl::string_view code) const {
  for (int level = 0; level < 4; ++level) {
    int i = IndexOf(level, code);
    if (i >= 0) return &tables_[level][i];
  }
  return nullptr;
}

const Division* Gazetteer::Parent(const Division& d) const {
  if (d.parent < 0) return nullptr;
  return &tables_[static_cast<int>(d.level) - 1][d.parent];
}

std::vector<const Division*> Gazetteer::Chain(int level, absl::string_view name) const {
  std::vector<const Division*> out;
  auto it = first_named_[level].find(name);
  if (it == first_named_[level].end()) return out;
  for (int i = it->second; i >= 0; i = next_same_name_[level][i]) {
    out.push_back(&tables_[level][i]);
  }
  return out;
}

std::vector<const Division*> Gazetteer::TownshipsNamed(absl::string_view name) const {
  return Chain(3, name);
}

std::vector<const Division*> Gazetteer::CountiesNamed(absl::string_view name) const {
  return Chain(2, name);
}

std::vector<const Division*> Gazetteer::CountiesUnder(absl::string_view prefix) const {
  std::vector<const Division*> out;
  for (const Division& county : tables_[2]) {
    if (absl::StartsWith(county.code, prefix)) out.push_back(&county);
  }
  return out;
}

std::vector<const Division*> Gazetteer::TownshipsOf(absl::string_view county_code) const {
  std::vector<const Division*> out;
  int county = IndexOf(2, county_code);
  if (county < 0) return out;
  for (int k = county_begin_[county]; k < county_begin_[county + 1]; ++k) {
    out.push_back(&tables_[3][townships_by_county_[k]]);
  }
  return out;
}

const Division* Gazetteer::CountyOf(const Division& d) const {
  const Division* at = &d;
  while (at != nullptr && at->level != Level::kCounty) at = Parent(*at);
  return at;
}

const Division* Gazetteer::CityOf(const Division& d) const {
  const Division* at = &d;
  while (at != nullptr && at->level != Level::kCity) at = Parent(*at);
  return at;
}

const Division* Gazetteer::ProvinceOf(const Division& d) const {
  const Division* at = &d;
  while (at != nullptr && at->level != Level::kProvince) at = Parent(*at);
  return at;
}

std::string DefaultIndexPath() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "share/fazhi/gazetteer.tsv";
  return (exe.parent_path().parent_path() / "share" / "fazhi" / "gazetteer.tsv").string();
}

absl::StatusOr<std::unique_ptr<Gazetteer>> LoadConfigured(const std::string& path,
                                                          absl::string_view without_it) {
  if (!path.empty()) return Gazetteer::Load(path);
  auto loaded = Gazetteer::Load(DefaultIndexPath());
  if (!loaded.ok() && loaded.status().code() == absl::StatusCode::kNotFound) {
    if (!without_it.empty()) {
      FAZHI_LOG(kWarning) << "no gazetteer index at " << DefaultIndexPath() << ": " << without_it;
    }
    return std::unique_ptr<Gazetteer>();
  }
  return loaded;
}

}  // namespace fazhi::gazetteer
