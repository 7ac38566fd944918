import Foundation

/// Where spans go: the base URL of an OpenTelemetry collector's OTLP/HTTP receiver (e.g.
/// `http://localhost:4318`), to which spans are posted at `v1/traces`, or the full URL of that
/// path when it already ends in `/v1/traces`.
public struct TracingEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The URL spans are posted to.
    public let tracesURL: String

    /// The longest endpoint accepted, in bytes.
    public static let maximumLength = 2048

    /// Reads `text`; throws a `TracingEndpointError` saying what is wrong when it is not an
    /// `http://` or `https://` URL with a host and no query, fragment or user.
    public init(_ text: String) throws(TracingEndpointError) {
        guard text.utf8.count <= Self.maximumLength else {
            throw TracingEndpointError("is longer than \(Self.maximumLength) bytes")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw TracingEndpointError("is not a URL; use the OTLP/HTTP address of a collector, e.g. http://localhost:4318")
        }
        guard scheme == "http" || scheme == "https" else {
            throw TracingEndpointError("must use http:// or https:// (OTLP/HTTP), not \(scheme)://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw TracingEndpointError("has no host; use e.g. http://localhost:4318")
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil else {
            throw TracingEndpointError("must be a plain URL without user, query or fragment, e.g. http://localhost:4318")
        }
        if components.path.hasSuffix("/v1/traces") {
            tracesURL = text
        } else {
            tracesURL = (text.hasSuffix("/") ? text : text + "/") + "v1/traces"
        }
    }

    public var description: String { tracesURL }
}

/// Why a text is not a usable tracing endpoint.
public struct TracingEndpointError: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
