// Why a page was not read, for the clerk: what happened and what to do next, in Japanese (or
// English, engine/base/messages.hpp). The technical detail (scores, decoder errors) stays in the
// log, in the quarantine's .reason.txt and in `extract`'s "detail"; it never replaces this text.
// Pure; thread-safe.
#pragma once

#include <string>

#include "kamiflow/status.hpp"

namespace kamiflow::engine {

// "このページはどの様式とも一致しません: 様式の登録が必要か、読み取り範囲外の書類です" for an
// unclassified page, and one such sentence per kind of failure (docs/cli.md lists them).
[[nodiscard]] std::string clerk_reason(const Status& why);

}  // namespace kamiflow::engine
