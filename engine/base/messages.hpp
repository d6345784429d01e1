// Messages for people: what a clerk reads (reasons, summaries, hold-back lists) is Japanese by
// default, English behind `--lang en` or an English locale (LANG/LC_ALL/LC_MESSAGES = en*).
// Technical detail (OpenCV scores, iconv errors) goes to the log, never into these messages.
//
// Contract: set_message_language() is called once by the CLI before any thread starts; after
// that ui() only reads the setting, so it is safe from every thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kamiflow {

enum class Language { kJapanese, kEnglish };

// "ja…" → Japanese, "en…" → English ("ja_JP.UTF-8", "en_US" too); nullopt for anything else.
[[nodiscard]] std::optional<Language> parse_language(std::string_view name);
// The language from LC_ALL, LC_MESSAGES, LANG (first one set); Japanese when none says en*.
[[nodiscard]] Language language_from_environment();
void set_message_language(Language lang);
[[nodiscard]] Language message_language();

// The text for the current language.
[[nodiscard]] inline std::string ui(std::string_view ja, std::string_view en) {
  return std::string(message_language() == Language::kEnglish ? en : ja);
}

}  // namespace kamiflow
