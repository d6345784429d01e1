// Internal to ocr/: word evidence for Japanese text the two models read differently.
//
// A model misreading one kanji or kana of free text (布団 read 市団, 希望 read 布望, ください read
// くたさい) mostly leaves a string that is no longer made of Japanese words, while the other model's
// read still is. MeCab with mecab-ipadic judges which: its best split of each read into words has
// a cost from a model of real text (NameReadings::segment), lower for the more natural read. A
// field is settled on one read only when all of these hold:
//   - it costs clearly less than every other read (kWordsMargin; a near tie is no evidence);
//   - it splits into dictionary words apart from runs of digits and hyphens (a stray mark, an
//     unknown run, a word the dictionary lacks: the judge has nothing to say);
//   - every place where another read differs from it lies inside a dictionary word of two or more
//     characters in it (布団, 希望, コーポ): words say nothing about digits (3 or 8, 18番 or 16番),
//     and a lone kanji or kana is as likely the misread as the other read's;
//   - and there the other read is not such a word (市|団, 布|望, ベツド unknown): two real words
//     (午前 and 午後, 南瓦町 and 南岳町) are two possible writings, not a misread and its mend.
// Otherwise the field stays in review as it was. Names are left to the name dictionaries
// (record_checks.hpp): the words of a name do not follow the grammar of text.
//
// Measured on flagged reads of development seeds 41, 43, 44 (900 pages): of 147 flagged non-name
// text fields (item_detail, remarks, addresses) the rules settle 25, all right; the wrong reads
// the cost alone would have chosen (タンス2点座椅子3個 with the 、 lost, カーペット{点) had a lone
// character or an unknown run at the difference, and the last rule keeps two right addresses in
// review whose other read was a real place (南岳町). End to end on the same seeds: 36 fields
// settled, all right, records needing no human 152 → 156, 124 → 130, 135 → 140.
// Not thread-safe through the NameReadings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"
#include "name_reading.hpp"

namespace kamiflow::ocr {

// How much less (in MeCab's cost units) the chosen read must cost than every other read. On the
// development seeds the right reads won by 1,990 (a 丁 lost from 丁目) to 23,000; a margin of 20
// separated 日中 from 日帆, where neither split says anything.
inline constexpr long kWordsMargin = 1000;
// A text field settled by words is this confident: as sure as one settled by place names.
inline constexpr double kKnownWordsConfidence = 0.85;

// Which of `reads` (compared form: NFKC, no spaces) words settle on, by the rules above; nullopt
// when they do not.
std::optional<std::size_t> read_settled_by_words(NameReadings& readings, const std::vector<std::string>& reads);

// Applies the judge to every Japanese `text` field of `rec` that is not a name and is flagged
// model_disagreement.
void check_text_words(const FormTemplate& tmpl, NameReadings& readings, Record& rec);

}  // namespace kamiflow::ocr
