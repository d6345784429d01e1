// Hostile inputs, rebuilt in code (never checked in as binaries): what issue #13's attacker tried,
// for the regression tests and as seeds of the fuzz corpus (tests/fuzz/make_seeds.cpp).
// Pure functions; each returns the file's bytes.
#pragma once

#include <string>

namespace kamiflow::hostile {

// A valid 8-bit grey PNG of w x h white pixels, any size (written here, not by OpenCV).
std::string png(int width, int height);
// A valid PNG whose second chunk's type is four non-ASCII bytes and whose length runs past the
// end of the file (51 bytes): the decoder's reason once held those raw bytes.
std::string png_with_raw_chunk_type();
// A 24-bit BMP of w x h grey pixels, any size (written here).
std::string bmp(int width, int height);
// A JPEG / single-page TIFF of w x h grey pixels (OpenCV: each side at most 65,500).
std::string jpeg(int width, int height);
std::string tiff(int width, int height);
// A one-page PDF, `width_pt` x `height_pt`, drawing a rectangle.
std::string pdf_simple(double width_pt = 200, double height_pt = 200);
// A PDF whose page draws form XObject X0, and each Xi draws X(i+1) twice, `levels` deep: the
// work doubles per level (32 levels is 2^32 rectangles) while the file stays ~4 KB.
std::string pdf_nested_forms(int levels);
// `depth` nested JSON arrays: "[[[...]]]".
std::string deep_json(int depth);

}  // namespace kamiflow::hostile
