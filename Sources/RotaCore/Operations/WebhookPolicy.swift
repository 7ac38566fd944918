/// Which hosts `http post` may reach: those of `webhook_allow` (any when it is not set), and
/// link-local and cloud metadata addresses only when they are listed themselves.
///
/// A host is resolved before the webhook is called, every address it resolves to is checked, and
/// the call connects to the first of the checked addresses, so that a name whose addresses
/// change between the check and the call (DNS rebinding) cannot lead it elsewhere.
struct WebhookPolicy: Sendable {
    /// The names of cloud metadata services, refused unless listed.
    static let metadataNames: Set<String> = ["metadata.google.internal"]

    /// The hosts webhooks may reach, as `webhook_allow` lists them; nil for any host.
    let allowedHosts: Set<String>?
    let resolver: HostResolver

    init(allowedHosts: [String]?, resolver: HostResolver) {
        self.allowedHosts = allowedHosts.map { Set($0.map(Self.normalized)) }
        self.resolver = resolver
    }

    /// The address to connect to for `host`; throws, naming the host and the setting to change,
    /// when the host or one of its addresses may not be reached.
    func address(of host: String) async throws(OperationError) -> IPAddress {
        let name = Self.normalized(host)
        let listed = allowedHosts?.contains(name) == true
        if allowedHosts != nil, !listed {
            throw OperationError("http post to \(name) refused: it is not in webhook_allow; add it to --webhook-allow to call it")
        }
        if Self.metadataNames.contains(name), !listed {
            throw OperationError(
                "http post to \(name) refused: it is a cloud metadata service; list it in webhook_allow (--webhook-allow) to call it")
        }
        let listedAddresses = Set((allowedHosts ?? []).compactMap { IPAddress($0)?.unmapped })
        let addresses = try await resolver.addresses(name)
        for address in addresses where address.isLinkLocalOrMetadata {
            let trusted = listedAddresses.contains(address.unmapped) || (listed && Self.metadataNames.contains(name))
            guard trusted else {
                let what = IPAddress(name) == nil ? "\(name) resolves to \(address), " : "\(name) is "
                throw OperationError(
                    "http post to \(name) refused: \(what)a link-local or cloud metadata address; "
                        + "list \(address) in webhook_allow (--webhook-allow) to call it")
            }
        }
        guard let first = addresses.first else { throw OperationError("\(name) has no IP address") }
        return first
    }

    /// A host as it is compared: lowercased, without the brackets of an IPv6 address and
    /// without a final dot.
    static func normalized(_ host: String) -> String {
        var text = host.lowercased()
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.hasSuffix("."), text.count > 1 { text.removeLast() }
        return text
    }
}
