import Foundation
import RotaTestSupport
#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A collector that never answers: a loopback socket that listens but never accepts, so a
/// connection to it opens (or waits in the backlog) and its request is never read.
final class SilentEndpoint: Sendable {
    private let descriptor: Int32
    let port: Int

    init() throws {
        (descriptor, port) = try loopbackSocket(listening: true)
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    deinit {
        close(descriptor)
    }
}
