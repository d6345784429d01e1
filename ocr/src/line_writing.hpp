// Internal to ocr/: putting back the writing that subtracting a blank form's printed lines took
// away with them, for digit boxes, where handwriting runs over and along the cell borders.
//
// Contract: pure functions on 8UC1 masks (255 = ink) of one crop, all the same size: `page_ink`
// the scan's ink, `printed` the blank form's dilated printed-ink mask (printed_ink()), `writing`
// page_ink without printed. Inputs are never written. Thread-safe (no shared state).
#pragma once

#include <opencv2/core.hpp>

namespace kamiflow::ocr {

// The page's ink on the printed lines that is more than the line itself: where a line's crossing
// holds clearly more ink than the line's own width (measured along it), over a stroke's length, a pen
// stroke lies on it (a wide 0's side on a cell border). Empty when `printed` is empty or of
// another size.
[[nodiscard]] cv::Mat writing_on_lines(const cv::Mat& page_ink, const cv::Mat& printed, double px_per_mm);

// `writing` with the strokes that cross a printed line joined again through it: page ink under
// the mask between writing on both sides, across gaps no wider than the mask.
[[nodiscard]] cv::Mat bridge_printed_lines(const cv::Mat& page_ink, const cv::Mat& writing, const cv::Mat& printed,
                                           double px_per_mm);

}  // namespace kamiflow::ocr
