import Foundation
import Testing

/// The test process's environment, settled as the test binary loads.
@Suite struct TestEnvironmentTests {
    @Test func backtracesOfThrownErrorsAreOffUnlessTheEnvironmentSaysOtherwise() {
        #expect(ProcessInfo.processInfo.environment["SWT_SWIFT_ERROR_BACKTRACING_ENABLED"] != nil)
    }
}
