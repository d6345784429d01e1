// The status line: the one line a progress bar redraws in place at the bottom of a terminal.
// Console log lines (make_logger's stderr sink) hide it, print, and draw it again, so warnings
// appear above the bar instead of being written onto its line.
//
// Contract: show() draws `line` on `out` with "\r…\x1b[K" and remembers it; hide() erases it;
// clear() erases it and forgets it (the batch ended). All functions are thread-safe (one mutex,
// shared with the console sink's write) and never throw.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

namespace kamiflow::status_line {

void show(std::FILE* out, const std::string& line);
void clear();
// Runs `write` (which prints to the same terminal) with the status line hidden around it.
void around(const std::function<void()>& write);

}  // namespace kamiflow::status_line
