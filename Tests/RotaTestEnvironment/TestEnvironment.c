#include "RotaTestEnvironment.h"

#include <stdlib.h>

// Swift Testing captures a backtrace for every Swift error thrown while the tests run. On Linux
// that walks the stack with libgcc's unwinder, and in a suite that throws many thousands of
// errors (each cancelled sleep is one) a walk was seen to spin in the unwinder without end,
// holding the whole suite. No test reads those backtraces, so capture is turned off before the
// test runner reads its settings in `main`; a value already set is kept.
__attribute__((constructor)) void rota_test_environment_prepare(void) {
    setenv("SWT_SWIFT_ERROR_BACKTRACING_ENABLED", "0", 0);
}
