// Internal to ocr/: the straight printed lines of a crop (digit-box borders, rules), measured on
// the page itself, so that subtracting them takes the line and not the writing beside it.
//
// Why: the blank form's printed mask is dilated by the registration tolerance (~0.3 mm each
// side, printed_ink()), so everything within that band of a line is erased with it. A 7 whose
// bar lies along a cell's top border, a 0 whose side lies on a cell border, a 9 whose loop
// touches the top line lost exactly that stroke and read as a sure 1, 6 or 4 (on dev seed 31 more
// than half of the wrong handwritten cells). Within a field the residual misregistration is
// nearly a translation, so the page's own line can be found inside the band: its centre and
// thickness, fitted along the whole line where no writing crosses it.
//
// Contract: pure function on 8UC1 masks (255 = ink) of one crop, same size. Inputs never written.
// Thread-safe (no shared state).
#pragma once

#include <opencv2/core.hpp>

namespace kamiflow::ocr {

// `printed` (the dilated blank-form mask) with every straight line's band narrowed to the page's
// own line (its fitted centre ± half its measured thickness, plus one pixel). Printed matter
// that is no straight line (labels, circles) keeps its dilated mask. `printed` unchanged when it
// is empty or of another size than `page_ink`.
[[nodiscard]] cv::Mat narrow_printed_lines(const cv::Mat& printed, const cv::Mat& page_ink, double px_per_mm);

}  // namespace kamiflow::ocr
