// Why a record or field is in the review queue, in plain Japanese for the clerk: each flag as a
// sentence, plus the words the pipeline and the workflow left in the record's JSON — an ocr/
// validator's reason (fields[].reasons), a workflow validator's message (validation.<field>) and
// on_record's own reason (review_reason, engine/batch/commit.cpp). Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/store/record_store.hpp"

namespace kamiflow::review {

// "low_confidence" → "読み取りの確からしさが低い"; an unknown flag → report's short label or itself.
[[nodiscard]] std::string flag_sentence_ja(std::string_view flag);
// A queue filter key in Japanese: a flag's short label, or "業務ルール" for "workflow".
[[nodiscard]] std::string reason_key_label_ja(std::string_view key);

[[nodiscard]] std::vector<std::string> field_reasons_ja(const engine::StoredRecord& r, const engine::StoredField& f);
[[nodiscard]] std::vector<std::string> record_reasons_ja(const engine::StoredRecord& r);
// Filter keys of a record: its fields' flags, and "workflow" when on_record gave a reason.
[[nodiscard]] std::vector<std::string> reason_keys(const engine::StoredRecord& r);

}  // namespace kamiflow::review
