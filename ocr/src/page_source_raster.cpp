// Single-page raster files (PNG, JPEG, BMP), decoded with OpenCV's imdecode after the structure
// and size checks of image_header (libjpeg would otherwise "decode" half a file, filling grey).
#include <opencv2/imgcodecs.hpp>

#include "page_image_access.hpp"
#include "page_source_internal.hpp"

namespace kamiflow::ocr::page_source_detail {
namespace {

class RasterPageSource final : public PageSource {
 public:
  RasterPageSource(std::string path, image_header::Format format, std::string bytes, long long max_pixels)
      : path_(std::move(path)), format_(format), bytes_(std::move(bytes)), max_pixels_(max_pixels) {}

  int page_count() const override { return 1; }
  const std::string& path() const override { return path_; }
  std::string format() const override { return std::string(image_header::format_name(format_)); }

  Result<PageImage> page(int index) override {
    if (index != 0) return Status::InvalidInput(path_ + ": page " + std::to_string(index + 1) + " requested, file has 1 page");
    Result<PageImage> r = decode_raster(bytes_, format_, max_pixels_, 0);
    if (!r.ok()) return r.status().WithContext(page_context(path_, 0));
    return r;
  }

 private:
  std::string path_;
  image_header::Format format_;
  std::string bytes_;  // the file, read once at open()
  long long max_pixels_;
};

}  // namespace

Result<cv::Mat> to_page_mat(const cv::Mat& decoded) {
  if (decoded.empty()) return Status::Corruption("decoder produced no pixels");
  cv::Mat m8;
  if (decoded.depth() == CV_8U) {
    m8 = decoded;
  } else if (decoded.depth() == CV_16U) {
    decoded.convertTo(m8, CV_8U, 1.0 / 257.0);  // 65535 → 255
  } else {
    return Status::Unsupported("pixel depth " + std::to_string(decoded.depth()) + " is not 8 or 16 bits");
  }
  switch (m8.channels()) {
    case 1:
    case 3: return m8;
    case 2:
    case 4: {
      // Composite onto white: out = c·a + 255·(1−a).
      const int colour = m8.channels() == 4 ? 3 : 1;
      cv::Mat out(m8.size(), colour == 3 ? CV_8UC3 : CV_8UC1);
      for (int y = 0; y < m8.rows; ++y) {
        const std::uint8_t* src = m8.ptr<std::uint8_t>(y);
        std::uint8_t* dst = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < m8.cols; ++x) {
          const int a = src[x * m8.channels() + colour];
          for (int c = 0; c < colour; ++c) {
            dst[x * colour + c] = std::uint8_t((src[x * m8.channels() + c] * a + 255 * (255 - a) + 127) / 255);
          }
        }
      }
      return out;
    }
    default: break;
  }
  return Status::Unsupported(std::to_string(m8.channels()) + "-channel images are not supported");
}

Result<PageImage> decode_raster(std::string_view bytes, image_header::Format format, long long max_pixels,
                                double dpi_override) {
  KF_ASSIGN_OR_RETURN(const image_header::PageHeader header, image_header::read_single(format, bytes));
  KF_RETURN_IF_ERROR(image_header::check_pixels(header, max_pixels));
  cv::Mat decoded;
  try {
    // imdecode wants a Mat; wrapping the bytes avoids a copy (it only reads them).
    const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    decoded = cv::imdecode(buf, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    return Status::Corruption(std::string(image_header::format_name(format)) + " could not be decoded: " + e.what());
  }
  if (decoded.empty()) {
    return Status::Corruption(std::string(image_header::format_name(format)) + " data is corrupt (decoder failed)");
  }
  KF_ASSIGN_OR_RETURN(cv::Mat mat, to_page_mat(decoded));
  return PageImageAccess::wrap(std::move(mat), dpi_override > 0 ? dpi_override : header.dpi);
}

Result<std::unique_ptr<PageSource>> open_raster(const std::string& path, image_header::Format format, std::string bytes,
                                                const PageSourceLimits& limits) {
  // Check structure and size now, so a bad file is refused at open() like the contract says.
  Result<image_header::PageHeader> header = image_header::read_single(format, bytes);
  if (!header.ok()) return header.status().WithContext(path);
  Status size_ok = image_header::check_pixels(*header, limits.max_pixels);
  if (!size_ok.ok()) return size_ok.WithContext(page_context(path, 0));
  return std::unique_ptr<PageSource>(new RasterPageSource(path, format, std::move(bytes), limits.max_pixels));
}

}  // namespace kamiflow::ocr::page_source_detail
