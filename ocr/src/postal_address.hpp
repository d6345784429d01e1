// Internal to ocr/: a form's 郵便番号 and its 住所 checked against each other with Japan Post's
// directory (postal_directory.hpp), once both are read.
//
// The two are written apart and read apart, by different readers (the digit classifier or
// Tesseract's digits; the Japanese models), so when the code read is one the directory gives the
// town the address read starts with, both reads would have to be wrong the same way for that to
// be chance: the code is confirmed and passes, however doubtful its cells looked (on development
// seed 41, 54 of 71 flagged postal codes were right, most of them doubtful only because a
// handwritten digit was). What happens, in order:
//   1. the code read is among the codes of the town the address (or another model's read of it)
//      starts with: the code's doubt flags go;
//   2. otherwise exactly one of the code's alternatives (the runner-up of a doubtful cell, the
//      other reader's digits) is: it is shown and passes, the read kept among the alternatives;
//   3. an address that starts with no town the directory knows, a character or two from a town
//      of the sure code (鹿児山市 for 鹿児島市): the town is mended from the directory and shown;
//      it passes when the rest is agreed and well formed (as in 5), else it is flagged
//      place_mismatch (on an address that passed, this is how a misread place would slip by);
//   4. a code that passed but the directory does not list, or another town's, is flagged
//      place_mismatch;
//   5. an address in doubt only, whose town the sure code confirms, whose other reads end the same
//      (once the grammar mended them, dots and commas aside), after a well-formed block number,
//      passes.
// A town the directory knows only as a municipality (the NNN-0000 "elsewhere in the city" code)
// never confirms: a misread town falls back to it. Nothing else changes: an address that does
// not start with a known place (a building, a 大字 the directory spells otherwise) is no evidence
// either way.
#pragma once

#include <string>
#include <vector>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"
#include "postal_directory.hpp"

namespace kamiflow::ocr {

// Confidence of a code the address confirmed: a second, independent voice, as a holding check
// digit is (field_postprocess.cpp).
inline constexpr double kPostalConfirmedConfidence = 0.9995;
// An address whose town the code confirmed and whose rest the models agree on, well formed.
inline constexpr double kAddressConfirmedConfidence = 0.95;

struct PostalAddressPair {
  std::string postal;   // field names
  std::string address;
};

// The template's postal-code fields (validated or normalised as `postal_code`, or declaring
// postal_code_of) with the address each belongs to: postal_code_of when set; else the text field
// named like it with `postal_code` → `address` (agent_postal_code → agent_address); else, when
// the template has one postal-code field, its one text field named *address or labelled 住所.
std::vector<PostalAddressPair> postal_address_pairs(const FormTemplate& tmpl);

// Applies the checks above to every pair of `rec`.
void check_postal_codes(const FormTemplate& tmpl, const PostalDirectory& directory, Record& rec);

}  // namespace kamiflow::ocr
