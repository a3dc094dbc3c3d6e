// A power cut in the middle of a stream of submissions: every document
// that ingest acknowledged is still in its store after the unsynced bytes
// are gone; a write that was not synced is gone (the simulation is real).
#include "absl/strings/str_cat.h"
#include "common/base/content_hash.h"
#include "gtest/gtest.h"
#include "services/ingest/ingest_pipeline.h"
#include "services/ingest/ingest_schema.h"
#include "tests/support/power_cut_fs.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

constexpr int kCutAfterAcks = 60;

TEST(PowerCutTest, AcknowledgedDocumentsSurviveUnsyncedDataDoesNot) {
  TempDir dir;
  auto fs = std::make_shared<PowerCutFileSystem>(rocksdb::FileSystem::Default());
  std::shared_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  store::StoreOptions options;
  options.path = dir.Sub("ingest");
  options.column_families = ingest::IngestFamilies();
  options.env = env;
  std::vector<std::string> acked;
  int refused = 0;
  {
    auto store = store::Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    // Not started: no workers, only the durable acceptance under test.
    ingest::PipelineOptions pipeline_options;
    pipeline_options.extract_target = "127.0.0.1:1";
    pipeline_options.aggregate_target = "127.0.0.1:1";
    ingest::IngestPipeline pipeline(store->get(), pipeline_options);
    for (int i = 0; i < 200; ++i) {
      fazhi::v1::Document document;
      document.set_source(absl::StrCat("doc-", i));
      document.set_content(absl::StrCat("第", i, "份报告。全年受理信访案件", i, "件。"));
      auto accepted = pipeline.Accept(document);
      if (accepted.ok()) {
        acked.push_back(accepted->job.job_id());
      } else {
        ++refused;
      }
      if (static_cast<int>(acked.size()) == kCutAfterAcks && !fs->power_cut()) {
        // A write that nobody synced, then the power goes.
        ASSERT_TRUE((*store)->Put(ingest::kJobsFamily, "control/unsynced", "x", false).ok());
        fs->CutPower();
      }
    }
  }  // the store closes while the power is off: its last writes fail
  uint64_t dropped = fs->DropUnsyncedData();

  store::StoreOptions reopen = options;
  reopen.env = nullptr;
  auto store = store::Store::Open(reopen);
  ASSERT_TRUE(store.ok()) << store.status();
  int lost = 0;
  for (const std::string& id : acked) {
    auto job = (*store)->Get(ingest::kJobsFamily, ingest::JobKey(id));
    auto document = (*store)->Get(ingest::kDocumentsFamily, ingest::DocumentKey(id));
    auto queued = (*store)->Get(ingest::kQueueFamily, ingest::QueueKey(id));
    bool whole = job.ok() && job->has_value() && document.ok() && document->has_value() &&
                 queued.ok() && queued->has_value();
    lost += !whole;
  }
  auto control = (*store)->Get(ingest::kJobsFamily, "control/unsynced");
  ASSERT_TRUE(control.ok());
  std::printf(
      "power cut: acknowledged %zu, refused after the cut %d, lost %d, unsynced bytes "
      "dropped %llu\n",
      acked.size(), refused, lost, static_cast<unsigned long long>(dropped));
  EXPECT_EQ(static_cast<int>(acked.size()), kCutAfterAcks);
  EXPECT_GT(refused, 0);
  EXPECT_EQ(lost, 0);
  EXPECT_GT(dropped, 0u);
  EXPECT_FALSE(control->has_value()) << "the unsynced control write survived: no power cut";
}

}  // namespace
}  // namespace fazhi::testing
