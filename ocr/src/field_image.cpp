#include "field_image.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace kamiflow::ocr {
namespace {

// The grey level below which `fraction` of the pixels lie.
int percentile(const cv::Mat& gray, double fraction) {
  int hist[256] = {0};
  for (int y = 0; y < gray.rows; ++y) {
    const uchar* row = gray.ptr<uchar>(y);
    for (int x = 0; x < gray.cols; ++x) ++hist[row[x]];
  }
  const double target = fraction * static_cast<double>(gray.total());
  double acc = 0;
  for (int v = 0; v < 256; ++v) {
    acc += hist[v];
    if (acc >= target) return v;
  }
  return 255;
}

}  // namespace

cv::Rect FieldCrop::to_pixels(const BoxMm& box) const {
  const double s = px_per_mm();
  cv::Rect r(static_cast<int>(std::lround((box.x - area_mm.x) * s)), static_cast<int>(std::lround((box.y - area_mm.y) * s)),
             static_cast<int>(std::lround(box.w * s)), static_cast<int>(std::lround(box.h * s)));
  return r & cv::Rect(0, 0, image.cols, image.rows);
}

cv::Mat gray_without_red_ink(const cv::Mat& image) {
  if (image.channels() == 1) return image;
  cv::Mat gray;
  cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
  // Red stamp ink (朱肉): red clearly above both green and blue. Black ink over the stamp stays
  // dark in all channels, so it is not touched; the stamp's anti-aliased rim is caught by the
  // dilation below.
  cv::Mat red(image.size(), CV_8UC1, cv::Scalar(0));
  for (int y = 0; y < image.rows; ++y) {
    const cv::Vec3b* px = image.ptr<cv::Vec3b>(y);
    uchar* out = red.ptr<uchar>(y);
    for (int x = 0; x < image.cols; ++x) {
      const int b = px[x][0], g = px[x][1], r = px[x][2];
      if (r > 90 && r - std::max(g, b) > 45) out[x] = 255;
    }
  }
  if (cv::countNonZero(red) == 0) return gray;
  cv::dilate(red, red, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  // Only the dilated rim that is not dark in every channel: black writing crossing the stamp
  // survives. (A grey threshold would not do: pure stamp red is ~90 in grey, as dark as a pencil.)
  cv::Mat brightest;
  cv::Mat channels[3];
  cv::split(image, channels);
  cv::max(channels[0], channels[1], brightest);
  cv::max(brightest, channels[2], brightest);
  cv::Mat dark;
  cv::threshold(brightest, dark, 110, 255, cv::THRESH_BINARY_INV);
  red &= ~dark;
  gray.setTo(255, red);
  return gray;
}

cv::Mat writing_ink_mask(const cv::Mat& gray) {
  CV_Assert(gray.type() == CV_8UC1);
  // Paper level from the bright half; ink is what sits well below it. The fixed floor (60 levels)
  // keeps a blank, noisy crop blank; half the paper-to-darkest range adapts to faint pens.
  const int paper = percentile(gray, 0.6);
  const int darkest = percentile(gray, 0.005);
  const int drop = std::max(60, (paper - darkest) / 2);
  const int thr = std::max(0, paper - drop);
  cv::Mat mask;
  cv::threshold(gray, mask, thr, 255, cv::THRESH_BINARY_INV);
  return mask;
}

cv::Mat remove_reference_ink(const cv::Mat& ink, const cv::Mat& reference_gray, int tolerance_px) {
  if (reference_gray.empty() || reference_gray.size() != ink.size()) return ink;
  cv::Mat printed = writing_ink_mask(reference_gray);
  if (tolerance_px > 0)
    cv::dilate(printed, printed, cv::getStructuringElement(cv::MORPH_RECT, {2 * tolerance_px + 1, 2 * tolerance_px + 1}));
  cv::Mat out;
  cv::bitwise_and(ink, ~printed, out);
  return out;
}

cv::Mat remove_long_lines(const cv::Mat& ink, int min_h_len, int min_v_len) {
  cv::Mat lines(ink.size(), CV_8UC1, cv::Scalar(0));
  if (min_h_len > 0 && min_h_len <= ink.cols) {
    cv::Mat h;
    cv::morphologyEx(ink, h, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {min_h_len, 1}));
    lines |= h;
  }
  if (min_v_len > 0 && min_v_len <= ink.rows) {
    cv::Mat v;
    cv::morphologyEx(ink, v, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {1, min_v_len}));
    lines |= v;
  }
  if (cv::countNonZero(lines) == 0) return ink;
  // Lines are a few pixels thick and their edges are ragged after thresholding.
  cv::dilate(lines, lines, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  cv::Mat out;
  cv::bitwise_and(ink, ~lines, out);
  return out;
}

InkRegion find_writing(const cv::Mat& ink, double min_core_height, double near_px) {
  InkRegion out;
  out.mask = cv::Mat::zeros(ink.size(), CV_8UC1);
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
  std::vector<cv::Rect> boxes(n);
  std::vector<char> core(n, 0), keep(n, 0);
  std::vector<double> heights;
  for (int i = 1; i < n; ++i) {
    boxes[i] = cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                        stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    const int area = stats.at<int>(i, cv::CC_STAT_AREA);
    // A character (or the long bar of ー/一) is tall or wide and has more than a few pixels;
    // dust is small in both directions.
    const bool tall = boxes[i].height >= min_core_height;
    const bool wide = boxes[i].width >= 1.5 * min_core_height && boxes[i].height >= 2;
    if ((tall || wide) && area >= min_core_height) {
      core[i] = keep[i] = 1;
      if (tall) heights.push_back(boxes[i].height);
    }
  }
  // Small pieces (dakuten, the dot of i, a hyphen) belong to writing only when they are close to it.
  for (int i = 1; i < n; ++i) {
    if (core[i]) continue;
    for (int j = 1; j < n && !keep[i]; ++j) {
      if (!core[j]) continue;
      cv::Rect grown(boxes[j].x - static_cast<int>(near_px), boxes[j].y - static_cast<int>(near_px),
                     boxes[j].width + 2 * static_cast<int>(near_px), boxes[j].height + 2 * static_cast<int>(near_px));
      if ((grown & boxes[i]).area() > 0) keep[i] = 1;
    }
  }
  std::vector<uchar> lut(n, 0);
  for (int i = 1; i < n; ++i) {
    if (!keep[i]) continue;
    lut[i] = 255;
    out.bounds = out.bounds.area() == 0 ? boxes[i] : (out.bounds | boxes[i]);
    out.ink_pixels += stats.at<int>(i, cv::CC_STAT_AREA);
    ++out.components;
  }
  for (int y = 0; y < labels.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    uchar* m = out.mask.ptr<uchar>(y);
    for (int x = 0; x < labels.cols; ++x) m[x] = lut[l[x]];
  }
  if (!heights.empty()) {
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    out.char_height = heights[heights.size() / 2];
  } else if (out.bounds.area() > 0) {
    out.char_height = out.bounds.height;
  }
  return out;
}

cv::Mat render_for_ocr(const cv::Mat& gray, const InkRegion& region, bool binary, double target_char_px, int pad_px) {
  if (region.bounds.area() == 0) return {};
  const cv::Rect r = region.bounds & cv::Rect(0, 0, gray.cols, gray.rows);
  cv::Mat out(r.size(), CV_8UC1, cv::Scalar(255));
  if (binary) {
    out.setTo(0, region.mask(r));
  } else {
    cv::Mat m;
    cv::dilate(region.mask(r), m, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
    gray(r).copyTo(out, m);
  }
  // Tesseract's LSTM reads best with characters ~30-40 px tall (x-height >= ~20 px, DESIGN.md §4);
  // leave sizes that are already close alone to avoid resampling blur.
  const double h = region.char_height > 0 ? region.char_height : r.height;
  const double s = target_char_px / h;
  if (s > 1.25 || s < 0.6) {
    cv::resize(out, out, cv::Size(), s, s, s > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
  }
  const int pad = pad_px >= 0 ? pad_px : std::max(10, static_cast<int>(target_char_px * 0.5));
  cv::copyMakeBorder(out, out, pad, pad, pad, pad, cv::BORDER_CONSTANT, cv::Scalar(255));
  return out;
}

// Ink centred outside the box, and pieces of the box's own border that misregistration (a degree of skew, a millimetre of shift)
// moved out from under the dilated reference: thin, and lying along a border. Left in, they read
// as "_" or "-" with high confidence.
cv::Mat remove_border_residue(const cv::Mat& ink, const cv::Rect& box, double pxmm) {
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
  const double thin = 0.7 * pxmm, near = 1.2 * pxmm;
  std::vector<uchar> drop(n, 0);
  bool any = false;
  for (int i = 1; i < n; ++i) {
    const double w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
    const double cx = centroids.at<double>(i, 0), cy = centroids.at<double>(i, 1);
    const bool horizontal = h <= thin && w >= 2 * h &&
                            (std::abs(cy - box.y) <= near || std::abs(cy - (box.y + box.height)) <= near);
    const bool vertical = w <= thin && h >= 2 * w &&
                          (std::abs(cx - box.x) <= near || std::abs(cx - (box.x + box.width)) <= near);
    // Ink centred outside the box belongs to a neighbouring field or the printed form around it.
    const bool outside = !box.contains(cv::Point(static_cast<int>(cx), static_cast<int>(cy)));
    if (horizontal || vertical || outside) drop[i] = any = true;
  }
  if (!any) return ink;
  cv::Mat out = ink.clone();
  for (int y = 0; y < out.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    uchar* m = out.ptr<uchar>(y);
    for (int x = 0; x < out.cols; ++x)
      if (drop[l[x]]) m[x] = 0;
  }
  return out;
}

cv::Mat field_ink(const FieldCrop& crop, const cv::Mat& gray, const cv::Rect& box, double overflow_mm) {
  const double pxmm = crop.px_per_mm();
  cv::Mat ink = writing_ink_mask(gray);
  ink = remove_reference_ink(ink, crop.reference, std::max(1, static_cast<int>(std::lround(0.3 * pxmm))));
  // Box borders span the whole box; strokes of writing span at most a character. Long runs that
  // survive the reference subtraction (or with no reference at all) are printed lines.
  const int min_h = std::max(static_cast<int>(6 * pxmm), static_cast<int>(box.width * 0.45));
  const int min_v = std::max(static_cast<int>(3 * pxmm), static_cast<int>(box.height * 0.85));
  ink = remove_long_lines(ink, min_h, min_v);
  const int grow = static_cast<int>(overflow_mm * pxmm);
  cv::Rect keep(box.x - grow, box.y - grow, box.width + 2 * grow, box.height + 2 * grow);
  keep &= cv::Rect(0, 0, ink.cols, ink.rows);
  cv::Mat clipped = cv::Mat::zeros(ink.size(), CV_8UC1);
  ink(keep).copyTo(clipped(keep));
  return remove_border_residue(clipped, box, pxmm);
}

Writing find_field_writing(const FieldCrop& crop, const cv::Rect& box, double min_core_mm, double overflow_mm) {
  Writing w;
  w.gray = gray_without_red_ink(crop.image);
  const double pxmm = crop.px_per_mm();
  w.region = find_writing(field_ink(crop, w.gray, box, overflow_mm), min_core_mm * pxmm, 1.2 * pxmm);
  return w;
}

}  // namespace kamiflow::ocr
