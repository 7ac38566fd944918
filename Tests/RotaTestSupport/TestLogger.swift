import Foundation
import Logging

/// A logger for tests: silent unless `ROTA_TEST_LOG` is set.
public func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["ROTA_TEST_LOG"] == nil ? .critical : .debug
    return logger
}
