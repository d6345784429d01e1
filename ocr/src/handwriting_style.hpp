// Internal to ocr/: is a row of digit cells typed or handwritten? The ink's geometry alone.
//
// Contract: a printer sets every digit of a field in one font size on one baseline, at the same
// place in each box; a hand does not. So the spread of the ink's height and of its bottom edge
// from cell to cell, relative to the digit height, tells them apart when there are enough cells
// (>= 3). kUnknown is an honest answer: the caller then asks the two readers (Tesseract and the
// digit classifier) and lets their agreement decide. Pure function; thread-safe.
#pragma once

#include <vector>

#include <opencv2/core.hpp>

namespace kamiflow::ocr {

enum class InkStyle { kUnknown, kTyped, kHandwritten };

struct StyleEvidence {
  InkStyle style = InkStyle::kUnknown;
  int cells = 0;
  // Robust spreads (median absolute deviation, as a standard deviation) in median digit heights.
  double height_spread = 0;  // of the ink heights
  double bottom_spread = 0;  // of the ink bottoms (from each cell's top)
  double top_spread = 0;     // the same for the tops
};

// `ink` holds each written cell's ink bounds in that cell's coordinates (cells share a row, so
// their tops line up).
[[nodiscard]] StyleEvidence ink_style(const std::vector<cv::Rect>& ink);

}  // namespace kamiflow::ocr
