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
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw TestFailure("no socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 && listen(descriptor, 1) == 0
            }
        }
        guard listening else {
            close(descriptor)
            throw TestFailure("cannot listen on a socket: \(errno)")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    deinit {
        close(descriptor)
    }
}
