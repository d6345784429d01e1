// Process start-up environment.
//
// Debian's Tesseract is built with OpenMP; on 2 cores it makes field OCR ~6x slower unless
// OMP_THREAD_LIMIT=1 is in the environment *before the process starts* (DESIGN.md §4). So the
// kamiflow binary re-executes itself once with it set, unless the user chose a value.
#pragma once

namespace kamiflow {

// Name of the marker variable set on the re-executed process (so it never loops).
inline constexpr const char* kReexecMarker = "KAMIFLOW_OMP_REEXEC";

// If OMP_THREAD_LIMIT is unset, sets it to 1 and execv()s /proc/self/exe with the same argv.
// Returns only when no re-exec was needed or the exec failed (then the process goes on, slower).
void reexec_with_omp_thread_limit(char** argv);

// True when this process is the product of that re-exec (to log it at debug level).
bool was_reexecuted();

}  // namespace kamiflow
