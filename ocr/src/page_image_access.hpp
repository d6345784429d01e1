// Internal to ocr/: the bridge between the public PageImage value and cv::Mat.
#pragma once

#include <opencv2/core.hpp>

#include "kamiflow/ocr/page_image.hpp"

namespace kamiflow::ocr {

struct PageImage::Impl {
  cv::Mat mat;  // never written after construction
};

struct PageImageAccess {
  // Takes ownership of `mat` (8UC1 or 8UC3). The caller must not write to it afterwards.
  static PageImage wrap(cv::Mat mat, double dpi) {
    PageImage p;
    p.impl_ = std::make_shared<const PageImage::Impl>(PageImage::Impl{std::move(mat)});
    p.dpi_ = dpi;
    return p;
  }
  static const cv::Mat& mat(const PageImage& p) {
    static const cv::Mat kEmpty;
    return p.impl_ ? p.impl_->mat : kEmpty;
  }
};

}  // namespace kamiflow::ocr
