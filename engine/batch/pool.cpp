#include "engine/batch/pool.hpp"

#include <exception>

namespace kamiflow::engine::detail {

WorkerPool::WorkerPool(int workers, ExtractorFactory make_extractor, PageSourceOpener open,
                       ocr::PageSourceLimits limits)
    : workers_(workers), make_extractor_(std::move(make_extractor)), open_(std::move(open)), limits_(limits) {}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_jobs_.notify_all();
  for (auto& t : threads_) t.join();
}

Status WorkerPool::start() {
  for (int i = 0; i < workers_; ++i) threads_.emplace_back([this, i] { work(i); });
  std::unique_lock lock(mu_);
  cv_results_.wait(lock, [this] { return ready_ == workers_; });
  return start_error_;
}

void WorkerPool::submit(PageJob job) {
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_jobs_.notify_one();
}

Result<ocr::Record> WorkerPool::take(long long seq) {
  std::unique_lock lock(mu_);
  cv_results_.wait(lock, [&] { return results_.count(seq) > 0; });
  auto node = results_.extract(seq);
  return std::move(node.mapped());
}

void WorkerPool::work(int /*index*/) {
  std::unique_ptr<ocr::Extractor> extractor;
  {
    Result<std::unique_ptr<ocr::Extractor>> made = Status::Internal("extractor factory threw");
    try {
      made = make_extractor_();
    } catch (const std::exception& e) {
      made = Status::Internal(std::string("extractor factory threw: ") + e.what());
    }
    std::lock_guard lock(mu_);
    if (made.ok()) {
      extractor = std::move(made).value();
    } else if (start_error_.ok()) {
      start_error_ = made.status();
    }
    ++ready_;
  }
  cv_results_.notify_all();
  if (!extractor) return;  // start() reports the failure; run() then stops before submitting

  std::string open_path;
  std::unique_ptr<ocr::PageSource> source;
  for (;;) {
    PageJob job;
    {
      std::unique_lock lock(mu_);
      cv_jobs_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    Result<ocr::Record> result = Status::Internal("page not processed");
    try {
      if (!source || open_path != job.ref.source_file) {
        source.reset();
        open_path = job.ref.source_file;
        auto opened = open_(job.ref.source_file, limits_);
        if (opened.ok()) source = std::move(opened).value();
        else result = opened.status();
      }
      if (source) {
        auto image = source->page(job.ref.page - 1);
        if (!image.ok()) {
          result = image.status();
        } else {
          result = extractor->extract(*image, ocr::PageInfo{job.ref.source_file, job.ref.page, job.ref.file_sha256});
        }
      }
    } catch (const std::exception& e) {
      result = Status::Internal(std::string("exception while reading the page: ") + e.what());
      source.reset();  // its state is unknown now
    }
    {
      std::lock_guard lock(mu_);
      results_.emplace(job.seq, std::move(result));
    }
    cv_results_.notify_all();
  }
}

}  // namespace kamiflow::engine::detail
