import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the addresses of a host name, as a webhook's host is checked before it is called.
struct HostResolver: Sendable {
    /// Every address of the host; throws when it has none or cannot be resolved.
    let addresses: @Sendable (String) async throws(OperationError) -> [IPAddress]

    /// The system's resolver (`getaddrinfo`), which also reads addresses written as text in any
    /// form it knows (`169.254.169.254`, `2852039166`, `fe80::1`). It blocks, so it runs on a
    /// dispatch queue rather than on a thread of Swift's concurrency pool.
    static let system = HostResolver { host throws(OperationError) in
        let result: Result<[IPAddress], OperationError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: resolve(host)) }
        }
        return try result.get()
    }

    private static func resolve(_ host: String) -> Result<[IPAddress], OperationError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            return .failure(OperationError("\(host) cannot be resolved: \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        for entry in sequence(first: first, next: { $0.pointee.ai_next }) {
            guard let socketAddress = entry.pointee.ai_addr else { continue }
            switch entry.pointee.ai_family {
            case AF_INET:
                var address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                addresses.append(IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }))
            case AF_INET6:
                var address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                addresses.append(IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }))
            default:
                continue
            }
        }
        var seen = Set<IPAddress>()
        let unique = addresses.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return .failure(OperationError("\(host) has no IP address")) }
        return .success(unique)
    }
}
