#include "engine/base/messages.hpp"

#include <atomic>
#include <cstdlib>

namespace kamiflow {
namespace {
std::atomic<Language> g_language{Language::kJapanese};
}

std::optional<Language> parse_language(std::string_view name) {
  if (name.rfind("ja", 0) == 0) return Language::kJapanese;
  if (name.rfind("en", 0) == 0) return Language::kEnglish;
  return std::nullopt;
}

Language language_from_environment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == '\0') continue;
    // The first variable set decides, as in POSIX; "C"/"POSIX" say nothing about a language
    // and kamiflow's users are Japanese offices, so they keep Japanese.
    return parse_language(v).value_or(Language::kJapanese);
  }
  return Language::kJapanese;
}

void set_message_language(Language lang) { g_language.store(lang, std::memory_order_relaxed); }
Language message_language() { return g_language.load(std::memory_order_relaxed); }

}  // namespace kamiflow
