import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RotaEngine
import RotaModel

/// The call of `http post URL [JSON]`: the host is checked by the policy, the call connects to
/// the address that was checked, a redirect is never followed (a 3xx fails the command, naming
/// where it pointed), and the credentials of the URL (`https://user:password@host/...`) are sent
/// as HTTP Basic authentication. A host that refuses the connection fails the command at once,
/// instead of being tried again until the step times out.
struct Webhook {
    /// The longest part of an answer quoted in a failure.
    static let quotedAnswer = 500

    let policy: WebhookPolicy

    /// Posts `body` (JSON, when given) to `url` within `timeout` seconds.
    func post(_ url: URL, body: JSONValue?, timeout: TimeInterval) async throws -> CommandResult {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false), let host = url.host, !host.isEmpty else {
            return .failure("http post \(url.absoluteString): not a URL with a host")
        }
        let address = try await policy.address(of: host)
        let credentials = components.user.map { ($0, components.password ?? "") }
        components.user = nil
        components.password = nil
        guard let target = components.url else { return .failure("http post \(url.absoluteString): not a URL with a host") }

        var request = HTTPClientRequest(url: target.absoluteString)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: "Rota")
        if let (user, password) = credentials {
            request.headers.add(name: "Authorization", value: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        }
        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: Self.configuration(connectingTo: address, for: target))
        do {
            let result = try await call(request, on: client, url: url, timeout: timeout)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func call(_ request: HTTPClientRequest, on client: HTTPClient, url: URL, timeout: TimeInterval) async throws -> CommandResult {
        let response = try await client.execute(request, timeout: OperationRunner.timeAmount(timeout))
        let answer = String(buffer: try await response.body.collect(upTo: 64 << 10)).prefix(Self.quotedAnswer)
        let code = response.status.code
        if (300..<400).contains(code) {
            let location = response.headers.first(name: "Location").map { String($0.prefix(Self.quotedAnswer)) } ?? "nowhere"
            return .failure("http post \(url.absoluteString) answered \(code), a redirect to \(location); redirects are not followed, call that URL instead")
        }
        guard (200..<300).contains(code) else {
            return .failure("http post \(url.absoluteString) answered \(code): \(answer)")
        }
        return .success(output: "http post \(url.absoluteString) answered \(code)")
    }

    /// A client for one call: it connects to `address` whatever the name of `url`'s host
    /// resolves to by then (TLS still checks the certificate against the name), follows no
    /// redirect, and does not try a refused connection again.
    private static func configuration(connectingTo address: IPAddress, for url: URL) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        configuration.dnsOverride = [connectionHost(of: url): address.description]
        return configuration
    }

    /// The host of `url` as the HTTP client names the connection it opens: an IPv6 address in
    /// brackets, anything else as the URL writes it.
    private static func connectionHost(of url: URL) -> String {
        let host = url.host ?? ""
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard let address = IPAddress(bare), address.bytes.count == 16 else { return bare }
        return "[\(bare)]"
    }
}
