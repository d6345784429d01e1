#include "engine/os/process_env.hpp"

#include <unistd.h>

#include <cstdlib>

namespace kamiflow {

void reexec_with_omp_thread_limit(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT") != nullptr) return;  // the user's choice (or already done)
  if (std::getenv(kReexecMarker) != nullptr) return;        // exec'd once already: never loop
  if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0 || setenv(kReexecMarker, "1", 1) != 0) return;
  execv("/proc/self/exe", argv);
  // exec failed (no /proc?): carry on in this process; OCR will be slower but correct.
  unsetenv(kReexecMarker);
}

bool was_reexecuted() {
  const char* v = std::getenv(kReexecMarker);
  return v != nullptr && v[0] == '1';
}

}  // namespace kamiflow
