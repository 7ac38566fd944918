import Logging
import ServiceLifecycle

/// Reminds the operator of a core started with `insecure` that it listens beyond this machine
/// without a pre-shared key or without TLS: a warning at start, then one every `interval`.
struct ExposureWarning: Service {
    let clock: any CoreClock
    /// What the core lacks, e.g. "without a pre-shared key".
    let message: String
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                logger.warning("\(message)")
                try await clock.sleep(for: interval)
            }
        }
    }
}
