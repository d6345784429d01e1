// Internal to ocr/: which Tesseract models read Japanese fields, and where they live.
//
// Japanese fields are read by Tesseract's standard 4.0.0 `jpn` model (installed by
// cmake/fetch-data.sh under <data dir>/tessdata-4.0.0), with Debian's tessdata_fast `jpn` as an
// independent second opinion: on degraded form lines the 4.0.0 model reads 83 % exactly against
// 73.5 % (DESIGN.md §4), and two models trained apart rarely make the same mistake.
//
// A missing 4.0.0 model is an error, not a silent fallback: a batch read by the weaker model alone
// would look the same but pass more wrong values. KAMIFLOW_JPN_MODELS=fast is the documented,
// explicit way to run without it. Pure; thread-safe.
#pragma once

#include <string>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

// Which models read a `jpn` field (env KAMIFLOW_JPN_MODELS: "both" (default), "standard", "fast").
enum class JpnModels { kBoth, kStandardOnly, kFastOnly };

// Env KAMIFLOW_DATA_DIR when set, else the directory compiled in (CMake's KAMIFLOW_DATA_DIR).
std::string kamiflow_data_dir();
// <data dir>/tessdata-4.0.0: the standard model's tessdata directory.
std::string standard_jpn_tessdata_dir();
// KAMIFLOW_JPN_MODELS, parsed; an unknown value is InvalidInput naming the accepted ones.
[[nodiscard]] Result<JpnModels> jpn_models_from_env();
// Ok when every model `models` needs is installed; otherwise NotFound naming the missing file and
// how to install it (or run without it).
[[nodiscard]] Status check_jpn_models(JpnModels models);

// The tessdata directory of the model that reads `lang` first, and of its second opinion ("" when
// there is none). Only the plain `jpn` language has two models; every other language is read by
// the pool's default directory alone (returned as "").
struct ModelDirs {
  std::string primary;
  std::string second;
  bool has_second = false;
};
ModelDirs model_dirs_for(const std::string& lang, JpnModels models);

// Whether a field of this type is read first by the fast model when both are loaded (the 4.0.0
// model is then its second opinion). Measured on development seeds 7, 8, 11 (docs/templates.md):
// the 4.0.0 model reads names and addresses better (text exact 82/85/79 % vs 72/85/75 % with fast),
// but katakana and dates worse (kana 76/84/79 % vs 88/86/88 %, dates 96/92/90 % vs 96/94/92 %).
bool fast_model_reads_first(FieldType type);

}  // namespace kamiflow::ocr
