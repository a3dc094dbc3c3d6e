#include "common/checks/cross_checks.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fazhi::checks {
namespace {

struct PartOfWhole {
  const char* part;
  const char* whole;
};
constexpr PartOfWhole kParts[] = {
    {"disputes_resolved", "disputes_mediated"},
    {"petitions_closed", "petitions"},
    {"admin_litigation_lost", "admin_litigation_cases"},
};

struct RateOfCounts {
  const char* rate;
  const char* numerator;
  const char* denominator;
};
constexpr RateOfCounts kRates[] = {
    {"mediation_success_rate", "disputes_resolved", "disputes_mediated"},
};

const fazhi::v1::Indicator* Find(const fazhi::v1::ParsedReport& report, const char* id) {
  for (const auto& i : report.indicators()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

// A whole stated as "余"/"约"/a range may be larger than it says.
bool Exact(const fazhi::v1::Indicator& i) {
  return i.qualifier() == fazhi::v1::QUALIFIER_EXACT ||
         i.qualifier() == fazhi::v1::QUALIFIER_UNSPECIFIED;
}

std::string Number(double v) { return absl::StrFormat("%.10g", v); }

fazhi::v1::Contradiction Make(const char* kind, std::string message,
                              std::initializer_list<const fazhi::v1::Indicator*> figures) {
  fazhi::v1::Contradiction c;
  c.set_kind(kind);
  c.set_message(std::move(message));
  for (const fazhi::v1::Indicator* f : figures) {
    fazhi::v1::Indicator* copy = c.add_figures();
    *copy = *f;
    copy->clear_alternatives();
  }
  return c;
}

}  // namespace

std::vector<fazhi::v1::Contradiction> Contradictions(const fazhi::v1::ParsedReport& report) {
  std::vector<fazhi::v1::Contradiction> out;
  for (const PartOfWhole& p : kParts) {
    const auto* part = Find(report, p.part);
    const auto* whole = Find(report, p.whole);
    if (part == nullptr || whole == nullptr || !Exact(*whole)) continue;
    if (part->value() > whole->value()) {
      out.push_back(Make("part_exceeds_whole",
                         absl::StrCat(p.part, " (", Number(part->value()), ") exceeds ", p.whole,
                                      " (", Number(whole->value()), ")"),
                         {part, whole}));
    }
  }
  for (const auto& i : report.indicators()) {
    if (i.unit() == "%" && i.value() > 100) {
      out.push_back(Make("rate_above_100",
                         absl::StrCat(i.id(), " is ", Number(i.value()), " %, above 100 %"), {&i}));
    }
  }
  for (const RateOfCounts& r : kRates) {
    const auto* rate = Find(report, r.rate);
    const auto* num = Find(report, r.numerator);
    const auto* den = Find(report, r.denominator);
    if (rate == nullptr || num == nullptr || den == nullptr || den->value() <= 0 || !Exact(*num) ||
        !Exact(*den)) {
      continue;
    }
    double from_counts = 100.0 * num->value() / den->value();
    if (std::fabs(from_counts - rate->value()) > kRateTolerancePoints) {
      out.push_back(Make(
          "rate_contradicts_counts",
          absl::StrCat(r.rate, " is stated as ", Number(rate->value()), " % but ", r.numerator, "/",
                       r.denominator, " = ", Number(num->value()), "/", Number(den->value()),
                       " gives ", absl::StrFormat("%.1f", from_counts), " %"),
          {rate, num, den}));
    }
  }
  return out;
}

}  // namespace fazhi::checks
