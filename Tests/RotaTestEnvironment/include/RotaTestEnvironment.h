#ifndef ROTA_TEST_ENVIRONMENT_H
#define ROTA_TEST_ENVIRONMENT_H

/// Settles the test process's environment before the test runner starts: Swift Testing's
/// backtrace of every thrown Swift error is turned off unless the environment already says
/// otherwise. Runs by itself as the test binary loads; calling it again changes nothing.
void rota_test_environment_prepare(void);

#endif
