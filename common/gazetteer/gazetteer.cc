#include "common/gazetteer/gazetteer.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("gazetteer index ", path, " not found"));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto gazetteer = Parse(buffer.str());
  if (!gazetteer.ok()) {
    return absl::Status(gazetteer.status().code(),
                        absl::StrCat(path, ": ", gazetteer.status().message()));
  }
  return gazetteer;
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Parse(absl::string_view index) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  // Sized once: the index has some 45 000 lines, most of them townships.
  size_t lines = static_cast<size_t>(std::count(index.begin(), index.end(), '\n')) + 1;
  g->by_code_.reserve(lines);
  g->townships_by_name_.reserve(lines);
  g->tables_[3].reserve(lines);
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(index, '\n')) {
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
    Division d{std::string(f[1]), std::string(f[2]), static_cast<Level>(level), -1};
    if (level > 0) {
      auto parent = g->by_code_.find(f[3]);
      if (parent == g->by_code_.end() || parent->second.first != level - 1) {
        return absl::InvalidArgumentError(
            absl::StrCat("gazetteer index line ", line_number, ": unknown parent ", f[3]));
      }
      d.parent = parent->second.second;
    }
    int idx = static_cast<int>(g->tables_[level].size());
    if (!g->by_code_.emplace(d.code, std::make_pair(level, idx)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("gazetteer index line ", line_number, ": duplicate code ", d.code));
    }
    if (level == 2) {
      g->counties_by_name_[d.name].push_back(idx);
      g->townships_of_county_.emplace_back();
    } else if (level == 3) {
      g->townships_by_name_[d.name].push_back(idx);
      g->townships_of_county_[d.parent].push_back(idx);
    }
    g->tables_[level].push_back(std::move(d));
  }
  if (g->tables_[2].empty()) {
    return absl::InvalidArgumentError("gazetteer index holds no counties");
  }
  return g;
}

const Division* Gazetteer::Find(absl::string_view code) const {
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return nullptr;
  return &tables_[it->second.first][it->second.second];
}

const Division* Gazetteer::Parent(const Division& d) const {
  if (d.parent < 0) return nullptr;
  return &tables_[static_cast<int>(d.level) - 1][d.parent];
}

std::vector<const Division*> Gazetteer::TownshipsNamed(absl::string_view name) const {
  std::vector<const Division*> out;
  auto it = townships_by_name_.find(name);
  if (it == townships_by_name_.end()) return out;
  for (int i : it->second) out.push_back(&tables_[3][i]);
  return out;
}

std::vector<const Division*> Gazetteer::CountiesNamed(absl::string_view name) const {
  std::vector<const Division*> out;
  auto it = counties_by_name_.find(name);
  if (it == counties_by_name_.end()) return out;
  for (int i : it->second) out.push_back(&tables_[2][i]);
  return out;
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
  auto it = by_code_.find(county_code);
  if (it == by_code_.end() || it->second.first != 2) return out;
  for (int i : townships_of_county_[it->second.second]) out.push_back(&tables_[3][i]);
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
