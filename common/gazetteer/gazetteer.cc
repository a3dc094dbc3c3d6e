#include "common/gazetteer/gazetteer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/install_paths.h"
#include "common/base/log.h"
#include "common/gazetteer/names.h"

namespace fazhi::gazetteer {
namespace {

int LevelOfTag(absl::string_view tag) {
  if (tag == "P") return 0;
  if (tag == "C") return 1;
  if (tag == "A") return 2;
  if (tag == "S") return 3;
  return -1;
}

// A name's slot hash: eight bytes at a time (names are a few Han
// characters), and fixed, unlike absl's per-process seed.
uint64_t NameHash(absl::string_view name) {
  uint64_t h = name.size() * 0x9E3779B97F4A7C15ULL;
  size_t i = 0;
  for (; i + 8 <= name.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, name.data() + i, 8);
    h = (h ^ word) * 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, name.data() + i, name.size() - i);
  h = (h ^ tail) * 0xC4CEB9FE1A85EC53ULL;
  return h ^ (h >> 29);
}

// The hash bits a slot keeps beside its division: the high ones, which do
// not choose the slot.
uint32_t TagOf(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

}  // namespace

Gazetteer::~Gazetteer() {
  if (mapping_ != nullptr) munmap(mapping_, mapping_size_);
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Load(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(absl::StrCat("gazetteer index ", path, " not found"));
  struct stat info;
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    close(fd);
    return absl::InvalidArgumentError(
        absl::StrCat("gazetteer index ", path, " is not a regular file"));
  }
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  if (info.st_size > 0) {
    // Mapped, not read: the pages come straight from the page cache.
    void* mapping = mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapping == MAP_FAILED) {
      close(fd);
      return absl::DataLossError(absl::StrCat("gazetteer index ", path, " cannot be mapped"));
    }
    g->mapping_ = mapping;
    g->mapping_size_ = static_cast<size_t>(info.st_size);
    g->text_ = absl::string_view(static_cast<const char*>(mapping), g->mapping_size_);
  }
  close(fd);
  auto gazetteer = FromText(std::move(g));
  if (!gazetteer.ok()) {
    return absl::Status(gazetteer.status().code(),
                        absl::StrCat(path, ": ", gazetteer.status().message()));
  }
  return gazetteer;
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Parse(absl::string_view index) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  g->owned_text_ = std::string(index);
  g->text_ = g->owned_text_;
  return FromText(std::move(g));
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::FromText(std::unique_ptr<Gazetteer> g) {
  const absl::string_view index = g->text_;
  // Divisions go straight into their tables; their parents' codes and
  // line numbers wait beside them until the tables are complete.
  std::vector<absl::string_view> parent_codes[4];
  std::vector<int> line_numbers[4];
  size_t expected = index.size() / 32;  // township lines are some 32 bytes long
  g->tables_[3].reserve(expected);
  parent_codes[3].reserve(expected);
  line_numbers[3].reserve(expected);
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
    g->tables_[level].push_back({f[1], f[2], static_cast<Level>(level), -1});
    parent_codes[level].push_back(f[3]);
    line_numbers[level].push_back(line_number);
  }
  for (int level = 0; level < 4; ++level) {
    std::vector<Division>& table = g->tables_[level];
    std::vector<absl::string_view>& parents = parent_codes[level];
    std::vector<int>& lines = line_numbers[level];
    auto by_code = [](const Division& a, const Division& b) { return a.code < b.code; };
    // The built index is in code order already; other files are sorted here.
    if (!std::is_sorted(table.begin(), table.end(), by_code)) {
      std::vector<size_t> order(table.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return table[a].code < table[b].code; });
      std::vector<Division> sorted_table;
      std::vector<absl::string_view> sorted_parents;
      std::vector<int> sorted_lines;
      for (size_t i : order) {
        sorted_table.push_back(table[i]);
        sorted_parents.push_back(parents[i]);
        sorted_lines.push_back(lines[i]);
      }
      table.swap(sorted_table);
      parents.swap(sorted_parents);
      lines.swap(sorted_lines);
    }
    absl::string_view last_parent;
    int last_parent_index = -1;
    for (size_t i = 0; i < table.size(); ++i) {
      if (i > 0 && table[i].code == table[i - 1].code) {
        return absl::InvalidArgumentError(
            absl::StrCat("gazetteer index line ", lines[i], ": duplicate code ", table[i].code));
      }
      if (level == 0) continue;
      // Divisions in code order mostly share the parent of the one before.
      if (last_parent_index < 0 || parents[i] != last_parent) {
        last_parent = parents[i];
        last_parent_index = g->IndexOf(level - 1, last_parent);
      }
      if (last_parent_index < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("gazetteer index line ", lines[i], ": unknown parent ", parents[i]));
      }
      table[i].parent = last_parent_index;
    }
  }
  if (g->tables_[2].empty()) {
    return absl::InvalidArgumentError("gazetteer index holds no counties");
  }
  for (int level = 0; level < 4; ++level) g->IndexNames(level);
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
  g->names_ = std::make_unique<NameIndex>(*g);
  return g;
}

void Gazetteer::IndexNames(int level) {
  const std::vector<Division>& table = tables_[level];
  size_t slots = 16;
  while (slots < 2 * table.size()) slots *= 2;
  std::vector<NameSlot>& slot_of = name_slots_[level];
  std::vector<int>& next = next_same_name_[level];
  slot_of.assign(slots, NameSlot());
  next.assign(table.size(), -1);
  // From the back, so that each chain runs in code order.
  for (int i = static_cast<int>(table.size()) - 1; i >= 0; --i) {
    const uint64_t hash = NameHash(table[i].name);
    for (size_t s = hash & (slots - 1);; s = (s + 1) & (slots - 1)) {
      if (slot_of[s].index < 0) {
        slot_of[s] = {i, TagOf(hash)};
        break;
      }
      if (table[slot_of[s].index].name == table[i].name) {
        next[i] = slot_of[s].index;
        slot_of[s].index = i;
        break;
      }
    }
  }
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
  const std::vector<NameSlot>& slot_of = name_slots_[level];
  if (slot_of.empty()) return out;
  const std::vector<Division>& table = tables_[level];
  const size_t mask = slot_of.size() - 1;
  const uint64_t hash = NameHash(name);
  const uint32_t tag = TagOf(hash);
  for (size_t s = hash & mask; slot_of[s].index >= 0; s = (s + 1) & mask) {
    if (slot_of[s].tag != tag || table[slot_of[s].index].name != name) continue;
    for (int i = slot_of[s].index; i >= 0; i = next_same_name_[level][i]) out.push_back(&table[i]);
    break;
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

bool IsPlaceholder(const Division& d) {
  return d.level == Level::kCity &&
         (d.name == "市辖区" || d.name == "县" || absl::StrContains(d.name, "直辖"));
}

std::string DefaultIndexPath() { return InstalledPath("share/fazhi/gazetteer.tsv"); }

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
