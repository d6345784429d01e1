// Internal to the batch runner: the worker pool that decodes and reads pages in parallel.
//
// Each worker owns one Extractor (made on its own thread by the factory) and caches the
// PageSource of the file it last read, so consecutive pages of a multi-page TIFF/PDF are not
// reopened. Results are parked by sequence number; the caller collects them in order with
// take(seq). Exceptions escaping the OCR code become a Status for that page only, so one bad
// page can never take the batch down. Destruction stops the workers after their current page.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/batch/runner.hpp"

namespace kamiflow::engine::detail {

struct PageJob {
  long long seq = 0;
  PageRef ref;  // ref.page is 1-based
};

class WorkerPool {
 public:
  WorkerPool(int workers, ExtractorFactory make_extractor, PageSourceOpener open, ocr::PageSourceLimits limits);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Starts the workers and waits until each has built its extractor; the first failure is returned.
  [[nodiscard]] Status start();
  void submit(PageJob job);
  // Blocks until the page with this sequence number is done.
  Result<ocr::Record> take(long long seq);

 private:
  void work(int index);

  int workers_;
  ExtractorFactory make_extractor_;
  PageSourceOpener open_;
  ocr::PageSourceLimits limits_;

  std::mutex mu_;
  std::condition_variable cv_jobs_, cv_results_;
  std::deque<PageJob> jobs_;
  std::map<long long, Result<ocr::Record>> results_;
  int ready_ = 0;
  Status start_error_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kamiflow::engine::detail
