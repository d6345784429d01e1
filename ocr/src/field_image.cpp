#include "field_image.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "line_writing.hpp"
#include "printed_lines.hpp"

namespace kamiflow::ocr {
namespace {

// Grey-level histogram of an image, for percentiles: one pass however many are asked for.
class GreyHistogram {
 public:
  // `skip` (optional, same size): pixels left out of the histogram.
  explicit GreyHistogram(const cv::Mat& gray, const cv::Mat& skip = {}) {
    for (int y = 0; y < gray.rows; ++y) {
      const uchar* row = gray.ptr<uchar>(y);
      const uchar* sk = skip.empty() ? nullptr : skip.ptr<uchar>(y);
      for (int x = 0; x < gray.cols; ++x)
        if (!sk || !sk[x]) ++bins_[row[x]], ++total_;
    }
  }
  // The grey level below which `fraction` of the pixels lie.
  int percentile(double fraction) const {
    const double target = fraction * total_;
    double acc = 0;
    for (int v = 0; v < 256; ++v) {
      acc += bins_[v];
      if (acc >= target) return v;
    }
    return 255;
  }

 private:
  int bins_[256] = {0};
  double total_ = 0;
};

// Sets `lines` to 255 over every horizontal run of ink at least `min_len` long, or at least half
// that when the run touches the left or right edge. For runs inside the image this is exactly a
// morphological opening with a 1 x min_len line, at the cost of one pass instead of two
// min_len-wide filters.
void mark_long_runs(const cv::Mat& ink, int min_len, cv::Mat& lines) {
  const int edge_len = (min_len + 1) / 2;
  for (int y = 0; y < ink.rows; ++y) {
    const uchar* in = ink.ptr<uchar>(y);
    uchar* out = lines.ptr<uchar>(y);
    int x = 0;
    while (x < ink.cols) {
      if (!in[x]) {
        ++x;
        continue;
      }
      int end = x;
      while (end < ink.cols && in[end]) ++end;
      const int len = end - x;
      if (len >= min_len || ((x == 0 || end == ink.cols) && len >= edge_len)) std::memset(out + x, 255, len);
      x = end;
    }
  }
}

// Connected components of a mask, with their statistics (8-connectivity).
struct Components {
  cv::Mat labels, stats, centroids;
  int count = 0;  // including the background label 0

  explicit Components(const cv::Mat& mask) {
    count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  }
  cv::Rect box(int i) const {
    return {stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP), stats.at<int>(i, cv::CC_STAT_WIDTH),
            stats.at<int>(i, cv::CC_STAT_HEIGHT)};
  }
  int area(int i) const { return stats.at<int>(i, cv::CC_STAT_AREA); }
  // 255 where the pixel's component has keep[label] set.
  cv::Mat mask_of(const std::vector<uchar>& keep) const {
    cv::Mat out(labels.size(), CV_8UC1);
    for (int y = 0; y < labels.rows; ++y) {
      const int* l = labels.ptr<int>(y);
      uchar* m = out.ptr<uchar>(y);
      for (int x = 0; x < labels.cols; ++x) m[x] = keep[l[x]] ? 255 : 0;
    }
    return out;
  }
};

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
  const GreyHistogram hist(gray);
  const int paper = hist.percentile(0.6);
  const int darkest = hist.percentile(0.005);
  const int drop = std::max(60, (paper - darkest) / 2);
  const int thr = std::max(0, paper - drop);
  cv::Mat mask;
  cv::threshold(gray, mask, thr, 255, cv::THRESH_BINARY_INV);
  return mask;
}

namespace {

constexpr int kLightInkDrop = 50;  // grey levels under the paper: the lighter hysteresis level

// The ink of a hand's digits, which may be far lighter than the printed box (a grey ballpoint
// next to black lines): the threshold's dark end is taken from the crop without its printed
// matter, so the lines do not set it (with them a grey pen at 140 fell under a threshold of
// 130 and whole digits vanished). Paper still comes from the whole crop: a blank box's
// threshold stays at least 60 levels under it, as in writing_ink_mask.
//
// A pen's pressure varies along a stroke: the light end of a 0's arc or an 8's loop sat above
// that threshold and the digit lost it (read as 6, 3). So the threshold has a second, lighter
// level (hysteresis): lighter ink counts where it is joined to ink that passed the first.
// `strong` is the pen's ink at the first level; `with_light_ends` adds the lighter ink joined to it.
void pen_ink_masks(const cv::Mat& gray, const cv::Mat& printed, cv::Mat& strong, cv::Mat& with_light_ends) {
  if (printed.empty() || printed.size() != gray.size()) {
    strong = writing_ink_mask(gray);
    with_light_ends = strong;
    return;
  }
  const int paper = GreyHistogram(gray).percentile(0.6);
  const int darkest = GreyHistogram(gray, printed).percentile(0.005);
  const int thr = std::max(0, paper - std::max(60, (paper - darkest) / 2));
  const int light = std::max(thr, paper - std::max(kLightInkDrop, (paper - darkest) / 4));
  cv::threshold(gray, strong, thr, 255, cv::THRESH_BINARY_INV);
  if (light == thr) {
    with_light_ends = strong;
    return;
  }
  cv::Mat weak, labels;
  cv::threshold(gray, weak, light, 255, cv::THRESH_BINARY_INV);
  const int n = cv::connectedComponents(weak, labels, 8, CV_32S);
  std::vector<uchar> joined(n, 0);
  for (int y = 0; y < strong.rows; ++y) {
    const uchar* s = strong.ptr<uchar>(y);
    const int* l = labels.ptr<int>(y);
    for (int x = 0; x < strong.cols; ++x)
      if (s[x]) joined[l[x]] = 1;
  }
  joined[0] = 0;
  for (int y = 0; y < weak.rows; ++y) {
    uchar* w = weak.ptr<uchar>(y);
    const int* l = labels.ptr<int>(y);
    for (int x = 0; x < weak.cols; ++x) w[x] = joined[l[x]] ? 255 : 0;
  }
  with_light_ends = weak;
}

}  // namespace

cv::Mat printed_ink(const cv::Mat& reference_gray, double px_per_mm) {
  if (reference_gray.empty()) return {};
  cv::Mat printed = writing_ink_mask(reference_gray);
  const int tolerance_px = std::max(1, static_cast<int>(std::lround(0.3 * px_per_mm)));
  cv::dilate(printed, printed, cv::getStructuringElement(cv::MORPH_RECT, {2 * tolerance_px + 1, 2 * tolerance_px + 1}));
  return printed;
}

cv::Mat crop_printed_ink(const FieldCrop& crop) {
  if (!crop.printed.empty()) return crop.printed;
  return printed_ink(crop.reference, crop.px_per_mm());
}

cv::Mat remove_printed_ink(const cv::Mat& ink, const cv::Mat& printed) {
  if (printed.empty() || printed.size() != ink.size()) return ink;
  cv::Mat out;
  cv::bitwise_and(ink, ~printed, out);
  return out;
}

cv::Mat remove_long_lines(const cv::Mat& ink, int min_h_len, int min_v_len) {
  cv::Mat lines(ink.size(), CV_8UC1, cv::Scalar(0));
  if (min_h_len > 0 && min_h_len <= ink.cols) mark_long_runs(ink, min_h_len, lines);
  if (min_v_len > 0 && min_v_len <= ink.rows) {
    // Columns as rows: the run scan stays sequential in memory.
    cv::Mat ink_t, lines_t(ink.cols, ink.rows, CV_8UC1, cv::Scalar(0)), back;
    cv::transpose(ink, ink_t);
    mark_long_runs(ink_t, min_v_len, lines_t);
    cv::transpose(lines_t, back);
    lines |= back;
  }
  if (cv::countNonZero(lines) == 0) return ink;
  // Lines are a few pixels thick and their edges are ragged after thresholding.
  cv::dilate(lines, lines, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  cv::Mat out;
  cv::bitwise_and(ink, ~lines, out);
  return out;
}

namespace {

// find_writing on components already labelled; components with excluded[i] set are not ink.
// A flat piece at mid-height between two characters of one line, each within `reach` of it: the
// hyphen of 2-23-15, which a half-width font sets farther from its digits than a dakuten or a dot
// sits from its character (on dev seed 41 address hyphens were dropped as dust and 1-22-5 read
// as 1225). Dust is seldom flat, and never exactly between two characters at mid-height.
uchar dash_between_characters(const std::vector<cv::Rect>& boxes, const std::vector<uchar>& core, int i, double reach) {
  const cv::Rect& d = boxes[i];
  if (d.width < 2 * d.height) return 0;
  const double mid = d.y + d.height / 2.0;
  bool left = false, right = false;
  for (std::size_t j = 1; j < boxes.size(); ++j) {
    if (!core[j]) continue;
    const cv::Rect& c = boxes[j];
    // Mid-height of the character's middle half, and no taller than the character is wide apart.
    if (mid < c.y + 0.25 * c.height || mid > c.y + 0.75 * c.height || d.height * 3 > c.height) continue;
    if (c.br().x <= d.x && d.x - c.br().x <= reach) left = true;
    if (c.x >= d.br().x && c.x - d.br().x <= reach) right = true;
  }
  return left && right ? 1 : 0;
}

InkRegion select_writing(const Components& cc, const std::vector<uchar>& excluded, double min_core_height,
                         double near_px) {
  InkRegion out;
  const int n = cc.count;
  std::vector<cv::Rect> boxes(n);
  std::vector<uchar> core(n, 0), keep(n, 0);
  std::vector<double> heights;
  for (int i = 1; i < n; ++i) {
    if (excluded[i]) continue;
    boxes[i] = cc.box(i);
    // A character (or the long bar of ー/一) is tall or wide and has more than a few pixels;
    // dust is small in both directions.
    const bool tall = boxes[i].height >= min_core_height;
    const bool wide = boxes[i].width >= 1.5 * min_core_height && boxes[i].height >= 2;
    if ((tall || wide) && cc.area(i) >= min_core_height) {
      core[i] = keep[i] = 1;
      if (tall) heights.push_back(boxes[i].height);
    }
  }
  // Small pieces (dakuten, the dot of i, a hyphen) belong to writing only when they are close to it.
  const int grow = static_cast<int>(near_px);
  for (int i = 1; i < n; ++i) {
    if (core[i] || excluded[i]) continue;
    for (int j = 1; j < n && !keep[i]; ++j) {
      if (!core[j]) continue;
      const cv::Rect grown(boxes[j].x - grow, boxes[j].y - grow, boxes[j].width + 2 * grow, boxes[j].height + 2 * grow);
      if ((grown & boxes[i]).area() > 0) keep[i] = 1;
    }
    if (!keep[i]) keep[i] = dash_between_characters(boxes, core, i, 2 * near_px);
  }
  for (int i = 1; i < n; ++i) {
    if (!keep[i]) continue;
    out.bounds = out.bounds.area() == 0 ? boxes[i] : (out.bounds | boxes[i]);
    out.ink_pixels += cc.area(i);
    ++out.components;
  }
  out.mask = cc.mask_of(keep);
  if (!heights.empty()) {
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    out.char_height = heights[heights.size() / 2];
  } else if (out.bounds.area() > 0) {
    out.char_height = out.bounds.height;
  }
  return out;
}

// Ink centred outside the box, and pieces of the box's own border that misregistration (a degree
// of skew, a millimetre of shift) moved out from under the dilated reference: thin, and lying
// along a border. Left in, they read as "_" or "-" with high confidence.
std::vector<uchar> border_residue(const Components& cc, const cv::Rect& box, double pxmm) {
  const double thin = 0.7 * pxmm, near = 1.2 * pxmm;
  std::vector<uchar> drop(cc.count, 0);
  for (int i = 1; i < cc.count; ++i) {
    const double w = cc.stats.at<int>(i, cv::CC_STAT_WIDTH), h = cc.stats.at<int>(i, cv::CC_STAT_HEIGHT);
    const double cx = cc.centroids.at<double>(i, 0), cy = cc.centroids.at<double>(i, 1);
    const bool horizontal = h <= thin && w >= 2 * h &&
                            (std::abs(cy - box.y) <= near || std::abs(cy - (box.y + box.height)) <= near);
    const bool vertical = w <= thin && h >= 2 * w &&
                          (std::abs(cx - box.x) <= near || std::abs(cx - (box.x + box.width)) <= near);
    // Ink centred outside the box belongs to a neighbouring field or the printed form around it.
    const bool outside = !box.contains(cv::Point(static_cast<int>(cx), static_cast<int>(cy)));
    if (horizontal || vertical || outside) drop[i] = 1;
  }
  return drop;
}

// A tall "1" written upright is a long vertical run too: the line clean-up erased it and the box
// came back blank (a lone handwritten 1 came back blank 31 times in 34). Printed vertical lines
// are the box's sides, the borders between digit cells, or lines joined to the box's top and
// bottom borders; an upright piece that is none of these, an island of its own in the ink, is a
// pen stroke and is put back.
cv::Mat restore_upright_strokes(const cv::Mat& before, const cv::Mat& after, const cv::Rect& box,
                                const std::vector<cv::Rect>& cells, double pxmm) {
  const cv::Mat erased = before & ~after;
  if (cv::countNonZero(erased) == 0) return after;
  std::vector<double> line_xs = {static_cast<double>(box.x), static_cast<double>(box.x + box.width)};
  for (const cv::Rect& c : cells) line_xs.insert(line_xs.end(), {double(c.x), double(c.x + c.width)});
  const double near = 1.2 * pxmm, slack = 0.5 * pxmm;
  const Components cc(erased), whole(before);
  std::vector<uchar> restore(cc.count, 0);
  bool any = false;
  for (int i = 1; i < cc.count; ++i) {
    const cv::Rect b = cc.box(i);
    if (b.height < 2 * b.width) continue;
    const double cx = b.x + b.width / 2.0;
    if (std::any_of(line_xs.begin(), line_xs.end(), [&](double x) { return std::abs(cx - x) <= near; })) continue;
    // The same ink before the clean-up: a comb line is joined to the border lines around it.
    std::vector<cv::Point> pixels;
    cv::findNonZero(cc.labels(b) == i, pixels);
    const cv::Point p = pixels.front();
    const cv::Rect w = whole.box(whole.labels.at<int>(b.y + p.y, b.x + p.x));
    if (w.width > b.width + 2 * slack || w.height > b.height + 2 * slack) continue;
    restore[i] = 1;
    any = true;
  }
  if (!any) return after;
  return after | (cc.mask_of(restore) & before);
}

// The crop's added ink: red ink gone (in `gray`), printed matter and long lines removed, and
// nothing further than `overflow_mm` outside `box`. Box-border residue is still in.
cv::Mat added_ink_near_box(const FieldCrop& crop, const cv::Mat& gray, const cv::Rect& box, double overflow_mm,
                           const std::vector<cv::Rect>& cells = {}, bool handwriting_on_lines = false) {
  const double pxmm = crop.px_per_mm();
  cv::Mat printed = crop_printed_ink(crop);
  // Lines, crossings and bridges are placed with the first level only: the lighter level is the
  // halo of every stroke and line too, and it would move them.
  cv::Mat page_ink, pen_ink;
  if (handwriting_on_lines) pen_ink_masks(gray, printed, page_ink, pen_ink);
  else page_ink = pen_ink = writing_ink_mask(gray);
  // Handwriting lies along the lines too: subtract the page's own lines, not their dilated bands.
  if (handwriting_on_lines && !printed.empty()) {
    printed = narrow_printed_lines(printed, page_ink, pxmm);
    // Light ink right beside a printed line or a dark stroke is its halo (blur, a pen's soft
    // edge), not a stroke's light end: it would thicken every stroke and leave slivers along the
    // lines. Only light ink farther out is added; the classifier's cut-out (cell_ink) takes the
    // grey values around its mask, which spans the pixel between.
    cv::Mat near;
    cv::dilate(printed | page_ink, near, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
    pen_ink = page_ink | (pen_ink & ~near);
  }
  cv::Mat ink = remove_printed_ink(pen_ink, printed);
  // Handwritten digits too big for their cell cross its lines, wide ones lie on them.
  if (handwriting_on_lines) {
    const cv::Mat on_lines = writing_on_lines(page_ink, printed, pxmm);
    if (!on_lines.empty()) ink |= on_lines;
    ink = bridge_printed_lines(page_ink, ink, printed, pxmm);
  }
  // Box borders span the whole box; strokes of writing span at most a character. Long runs that
  // survive the reference subtraction (or with no reference at all) are printed lines.
  const int min_h = std::max(static_cast<int>(6 * pxmm), static_cast<int>(box.width * 0.45));
  const int min_v = std::max(static_cast<int>(3 * pxmm), static_cast<int>(box.height * 0.85));
  ink = restore_upright_strokes(ink, remove_long_lines(ink, min_h, min_v), box, cells, pxmm);
  const int grow = static_cast<int>(overflow_mm * pxmm);
  cv::Rect keep(box.x - grow, box.y - grow, box.width + 2 * grow, box.height + 2 * grow);
  keep &= cv::Rect(0, 0, ink.cols, ink.rows);
  cv::Mat clipped = cv::Mat::zeros(ink.size(), CV_8UC1);
  ink(keep).copyTo(clipped(keep));
  return clipped;
}

}  // namespace

InkRegion find_writing(const cv::Mat& ink, double min_core_height, double near_px) {
  const Components cc(ink);
  return select_writing(cc, std::vector<uchar>(cc.count, 0), min_core_height, near_px);
}

cv::Mat field_ink(const FieldCrop& crop, const cv::Mat& gray, const cv::Rect& box, double overflow_mm,
                  const std::vector<cv::Rect>& cells, bool handwriting_on_lines) {
  cv::Mat ink = added_ink_near_box(crop, gray, box, overflow_mm, cells, handwriting_on_lines);
  const Components cc(ink);
  std::vector<uchar> keep = border_residue(cc, box, crop.px_per_mm());
  if (std::none_of(keep.begin(), keep.end(), [](uchar d) { return d != 0; })) return ink;
  for (int i = 1; i < cc.count; ++i) keep[i] = !keep[i];
  return cc.mask_of(keep);
}

Writing find_field_writing(const FieldCrop& crop, const cv::Rect& box, double min_core_mm, double overflow_mm) {
  Writing w;
  w.gray = gray_without_red_ink(crop.image);
  const double pxmm = crop.px_per_mm();
  // One labelling serves both steps: dropping border residue removes whole components and never
  // changes the others.
  const Components cc(added_ink_near_box(crop, w.gray, box, overflow_mm));
  w.region = select_writing(cc, border_residue(cc, box, pxmm), min_core_mm * pxmm, 1.2 * pxmm);
  return w;
}

}  // namespace kamiflow::ocr
