// National-scale load of the aggregator: ~40 000 synthetic ParsedReports,
// one per township drawn from the real gazetteer, put through gRPC into a
// real aggregate server (in-process, loopback, RocksDB in a scratch
// folder); then GetCountyStats over 1 000 random counties and province
// roll-ups. Prints load time, reports/s, p50/p99 latencies.
//
//   build/bench/aggregate_bench [--reports=40000] [--clients=16]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/gazetteer/gazetteer.h"
#include "common/rpc/channel.h"
#include "common/rpc/service_main.h"
#include "fazhi/v1/aggregate.grpc.pb.h"
#include "services/aggregate/aggregate_server.h"

ABSL_FLAG(int, reports, 40000, "reports to load");
ABSL_FLAG(int, clients, 16, "concurrent PutReport callers");
ABSL_FLAG(int, county_queries, 1000, "GetCountyStats calls over random counties");
ABSL_FLAG(int, rss_queries, 10000,
          "mixed GetCountyStats / ListReports / CompareYears (and every 50th a province "
          "GetRollup) calls over which RSS is printed");

namespace {

using fazhi::gazetteer::Division;

const char* kIndicators[] = {
    "disputes_mediated",  "disputes_resolved",      "petitions",
    "petitions_closed",   "legal_consultations",    "legal_aid_cases",
    "enforcement_cases",  "publicity_events",       "publicity_materials",
    "contracts_reviewed", "admin_litigation_cases", "mediation_success_rate"};

fazhi::v1::ParsedReport MakeReport(const fazhi::gazetteer::Gazetteer& g, const Division& town,
                                   std::mt19937& rng) {
  fazhi::v1::ParsedReport r;
  r.set_report_id(absl::StrCat("bench", town.code));
  r.set_source(absl::StrCat("bench/", town.code, ".txt"));
  r.mutable_entity()->set_name(std::string(town.name));
  r.mutable_entity()->set_level(fazhi::v1::ENTITY_LEVEL_TOWN);
  r.set_year(2024);
  r.set_published("2025-02-10");
  const Division* county = g.CountyOf(town);
  auto* region = r.mutable_region();
  region->set_county_code(std::string(county->code));
  region->set_county_name(std::string(county->name));
  region->set_township_code(std::string(town.code));
  region->set_confidence(0.95);
  region->set_method("gazetteer");
  for (int s = 1; s <= 4; ++s) {
    auto* section = r.add_sections();
    section->set_id(static_cast<fazhi::v1::SectionId>(s));
    section->set_heading("一、推进法治政府建设的主要举措和成效");
  }
  r.add_missing_sections(fazhi::v1::SECTION_ID_OTHER);
  for (const char* id : kIndicators) {
    if (rng() % 4 == 0) continue;  // not every township states every figure
    auto* i = r.add_indicators();
    i->set_id(id);
    i->set_value(static_cast<double>(rng() % 500));
    i->set_unit("件");
    i->set_qualifier(rng() % 5 == 0 ? fazhi::v1::QUALIFIER_AT_LEAST : fazhi::v1::QUALIFIER_EXACT);
    auto* e = i->mutable_evidence();
    e->set_start(1000);
    e->set_end(1030);
    e->set_quote("全年共调解矛盾纠纷123起");
    e->set_text("街道人民调解委员会坚持抓早抓小，全年共调解矛盾纠纷123起，调解成功120起。");
    e->set_verification(fazhi::v1::VERIFICATION_VERIFIED);
  }
  return r;
}

// This process's resident set in MB (the server runs in it).
double RssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;
  }
  return 0;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  fazhi::rpc::BoundMallocArenas();  // as the fazhi-aggregate binary does
  auto gazetteer = fazhi::gazetteer::Gazetteer::Load(fazhi::gazetteer::DefaultIndexPath());
  if (!gazetteer.ok()) {
    std::fprintf(stderr, "%s\n", std::string(gazetteer.status().message()).c_str());
    return 1;
  }
  const auto& g = **gazetteer;
  std::vector<const Division*> towns;
  for (const Division* county : g.CountiesUnder("")) {
    for (const Division* t : g.TownshipsOf(county->code)) towns.push_back(t);
  }
  std::mt19937 rng(2024);
  std::shuffle(towns.begin(), towns.end(), rng);
  towns.resize(std::min<size_t>(towns.size(), absl::GetFlag(FLAGS_reports)));

  char dir_template[] = "/tmp/fazhi-aggregate-bench.XXXXXX";
  std::string dir = mkdtemp(dir_template);
  auto server = fazhi::aggregate::AggregateServer::Start(
      {.listen = "127.0.0.1:0", .data_dir = dir + "/aggregate"});
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", std::string(server.status().message()).c_str());
    return 1;
  }
  std::string target = absl::StrCat("127.0.0.1:", (*server)->port());

  std::vector<fazhi::v1::ParsedReport> reports;
  size_t bytes = 0;
  for (const Division* t : towns) {
    reports.push_back(MakeReport(g, *t, rng));
    bytes += reports.back().ByteSizeLong();
  }

  // Load.
  int clients = absl::GetFlag(FLAGS_clients);
  std::atomic<size_t> next{0};
  std::atomic<int> errors{0};
  absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      auto stub = fazhi::v1::AggregationService::NewStub(
          fazhi::rpc::MakeChannel(target, "fazhi.v1.AggregationService"));
      for (size_t i = next++; i < reports.size(); i = next++) {
        fazhi::v1::PutReportRequest request;
        *request.mutable_report() = reports[i];
        fazhi::v1::PutReportResponse response;
        auto context = fazhi::rpc::ContextWithTimeout(absl::Seconds(30));
        if (!stub->PutReport(context.get(), request, &response).ok()) ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  double load_s = absl::ToDoubleSeconds(absl::Now() - start);

  // County statistics over random counties that have reports.
  auto stub = fazhi::v1::AggregationService::NewStub(
      fazhi::rpc::MakeChannel(target, "fazhi.v1.AggregationService"));
  std::vector<const Division*> counties = g.CountiesUnder("");
  std::vector<double> county_ms;
  int queries = absl::GetFlag(FLAGS_county_queries);
  for (int q = 0; q < queries; ++q) {
    const Division* county = counties[rng() % counties.size()];
    fazhi::v1::GetCountyStatsRequest request;
    request.set_county_code(std::string(county->code));
    request.set_year(2024);
    fazhi::v1::CountyStats stats;
    auto context = fazhi::rpc::ContextWithTimeout(absl::Seconds(30));
    absl::Time t0 = absl::Now();
    if (!stub->GetCountyStats(context.get(), request, &stats).ok()) ++errors;
    county_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
  }

  // Province roll-ups: the largest provinces by township count.
  std::vector<std::pair<std::string, double>> rollups;
  for (const char* province : {"51", "37", "41", "44"}) {
    fazhi::v1::GetRollupRequest request;
    request.set_code_prefix(province);
    request.set_year(2024);
    fazhi::v1::Rollup rollup;
    auto context = fazhi::rpc::ContextWithTimeout(absl::Seconds(60));
    absl::Time t0 = absl::Now();
    if (!stub->GetRollup(context.get(), request, &rollup).ok()) ++errors;
    rollups.push_back(
        {absl::StrCat(province, " ", rollup.name(), " (", rollup.reports_received(), " reports)"),
         absl::ToDoubleMilliseconds(absl::Now() - t0)});
  }
  // Memory under a long query load: RSS after every tenth of the calls.
  // A server whose caches are bounded levels off; per-query growth shows.
  int rss_queries = absl::GetFlag(FLAGS_rss_queries);
  std::vector<std::pair<int, double>> rss = {{0, RssMb()}};
  for (int q = 1; q <= rss_queries; ++q) {
    const Division* county = counties[rng() % counties.size()];
    auto context = fazhi::rpc::ContextWithTimeout(absl::Seconds(30));
    grpc::Status status;
    switch (q % 50 == 0 ? 3 : q % 3) {
      case 3: {  // now and then a province roll-up, the heaviest read
        static const char* kProvinces[] = {"51", "37", "41", "44", "33"};
        fazhi::v1::GetRollupRequest request;
        request.set_code_prefix(kProvinces[(q / 50) % 5]);
        request.set_year(2024);
        fazhi::v1::Rollup rollup;
        status = stub->GetRollup(context.get(), request, &rollup);
        break;
      }
      case 0: {
        fazhi::v1::GetCountyStatsRequest request;
        request.set_county_code(std::string(county->code));
        request.set_year(2024);
        fazhi::v1::CountyStats stats;
        status = stub->GetCountyStats(context.get(), request, &stats);
        break;
      }
      case 1: {
        fazhi::v1::ListReportsRequest request;
        request.set_county_code(std::string(county->code));
        request.set_year(2024);
        fazhi::v1::ListReportsResponse page;
        status = stub->ListReports(context.get(), request, &page);
        break;
      }
      default: {
        fazhi::v1::CompareYearsRequest request;
        request.set_county_code(std::string(county->code));
        request.set_year_a(2023);
        request.set_year_b(2024);
        fazhi::v1::YearComparison comparison;
        status = stub->CompareYears(context.get(), request, &comparison);
        break;
      }
    }
    if (!status.ok()) ++errors;
    if (rss_queries >= 10 && q % (rss_queries / 10) == 0) rss.push_back({q, RssMb()});
  }
  (*server)->Shutdown();

  std::printf("aggregate bench: %zu reports (%.1f MB serialized), %d clients\n", reports.size(),
              bytes / 1e6, clients);
  std::printf("  load: %.1f s, %.0f reports/s (target: 40 000 in < 60 s)\n", load_s,
              reports.size() / load_s);
  std::printf(
      "  GetCountyStats over %d random counties: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
      "(target p99 < 10 ms)\n",
      queries, Percentile(county_ms, 0.5), Percentile(county_ms, 0.99), Percentile(county_ms, 1.0));
  for (const auto& [name, ms] : rollups) {
    std::printf("  province roll-up %s: %.1f ms (target < 300 ms)\n", name.c_str(), ms);
  }
  std::printf("  RSS (MB) over %d mixed queries:", rss_queries);
  for (const auto& [q, mb] : rss) std::printf(" %d:%.0f", q, mb);
  std::printf("\n  errors: %d\n", errors.load());
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str()) == 0 && errors == 0 ? 0 : 1;
}
