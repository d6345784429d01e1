// kamiflow::draft_template: the ruled structure of a blank form (ocr::detect_form_structure)
// becomes a draft template, and the draft becomes Lua text (`kamiflow template new`).
//
// Contract: pure functions, no I/O, thread-safe. Every field of the draft is a guess and carries
// the evidence it was made from (`notes`, one per field), which the Lua text prints as a comment
// beside the field so the author knows what to check. Field names are readable ASCII ids from a
// small dictionary of common form labels (氏名 → name, 住所 → address, ...; prefixes such as
// 代理人 → agent_), else field_NN; types follow the evidence (character boxes → digit_boxes,
// squares → checkbox_group, printed choices → circled_choice, labels 生年月日/…日 → date,
// フリガナ → kana, 電話 → digits). The draft passes check_template() except for the reference
// image, which the caller writes beside it (`reference_image_name`).
#pragma once

#include <string>
#include <vector>

#include "kamiflow/ocr/form_structure.hpp"
#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow {

struct TemplateDraft {
  ocr::FormTemplate form;          // reference_image holds the file name given, relative
  std::vector<std::string> notes;  // one per field: why this name, box and type were guessed
  std::string source;              // the blank form the draft was made from (for the header comment)
};

// `id` must be a valid template id ([a-z0-9_]+).
[[nodiscard]] TemplateDraft draft_template(const ocr::FormStructure& structure, const std::string& id,
                                           const std::string& reference_image_name);

// The draft as a template.lua that load_template() accepts, every field commented as a guess.
[[nodiscard]] std::string template_lua(const TemplateDraft& draft);

// The ASCII id the dictionary gives a printed label ("代理人氏名" → "agent_name"); "" when it knows
// no part of it. Exposed for tests and for option values ("男" → "male").
[[nodiscard]] std::string label_to_id(const std::string& label);
[[nodiscard]] std::string option_to_id(const std::string& label);

}  // namespace kamiflow
