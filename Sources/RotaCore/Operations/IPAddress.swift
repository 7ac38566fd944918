#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, as the host of a webhook resolves to it.
struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, in network order.
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads an address written as text (`169.254.169.254`, `fe80::1`, `[::1]`); nil for anything else.
    init?(_ text: String) {
        let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return nil }
        bytes = withUnsafeBytes(of: &v6) { Array($0) }
    }

    /// The IPv4 address an IPv4-mapped IPv6 address (`::ffff:169.254.169.254`) or one of the
    /// well-known NAT64 prefix (`64:ff9b::a9fe:a9fe`) stands for; the address itself otherwise.
    var unmapped: IPAddress {
        guard bytes.count == 16 else { return self }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
        let nat64 = bytes[0..<4] == [0x00, 0x64, 0xff, 0x9b] && bytes[4..<12].allSatisfy { $0 == 0 }
        guard mapped || nat64 else { return self }
        return IPAddress(bytes: Array(bytes[12...]))
    }

    /// Whether it is link-local (169.254.0.0/16, where the metadata services of AWS, GCP and
    /// Azure answer at 169.254.169.254, or fe80::/10) or the IPv6 metadata address of AWS
    /// (fd00:ec2::254).
    var isLinkLocalOrMetadata: Bool {
        let address = unmapped.bytes
        if address.count == 4 { return address[0] == 169 && address[1] == 254 }
        if address[0] == 0xfe && address[1] & 0xc0 == 0x80 { return true }
        return address == IPAddress.awsMetadataV6.bytes
    }

    private static let awsMetadataV6 = IPAddress(bytes: [0xfd, 0, 0x0e, 0xc2] + Array(repeating: 0, count: 10) + [0x02, 0x54])

    /// The address as `inet_ntop` writes it, e.g. `169.254.169.254` or `fe80::1`.
    var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
