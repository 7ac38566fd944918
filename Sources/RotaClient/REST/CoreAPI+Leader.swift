import AsyncHTTPClient
import Foundation
import NIOCore
import RotaModel

extension CoreAPI {
    /// How long asking a core whether it is the leader may take.
    static let roleTimeout: Duration = .seconds(5)
    /// The largest answer of `GET /system/ready` read, in bytes.
    static let maxRoleAnswerSize = 64 << 10

    /// Runs `body` with the core in use. When it fails because that core cannot be reached, lost
    /// the connection or answered `503`, and `retrying` allows, the leader is searched for and
    /// `body` runs again with it, up to `maxFailovers` times; else the failure is thrown as it came.
    func onLeader<Value>(retrying: Bool = true, _ body: (URL) async throws(CoreAPIError) -> Value) async throws(CoreAPIError) -> Value {
        var failovers = 0
        while true {
            let core = leader.core
            do {
                return try await body(core)
            } catch {
                guard retrying, failovers < Self.maxFailovers, Self.callsForAnotherCore(error),
                    let next = await leader.search(after: core, role: role(of:)),
                    next != core || error.status == nil
                else { throw error }
                failovers += 1
            }
        }
    }

    /// Whether `error` says the core in use cannot serve now, so that another may: it could not be
    /// reached or lost the connection, or it answered `503`.
    static func callsForAnotherCore(_ error: CoreAPIError) -> Bool {
        switch error {
        case .unreachable: return true
        case .refused(_, let status, _, _, _): return status == 503
        default: return false
        }
    }

    /// What the core at `core` says it is, from its `GET /system/ready`.
    func role(of core: URL) async -> CoreRole {
        let target = connection.at(core)
        var request = HTTPClientRequest(url: target.httpURL("/system/ready"))
        request.headers.add(name: "Accept", value: "application/json")
        do {
            request.tlsConfiguration = try tls(for: core)
            if let authorization = await signer.authorizationHeader() { request.headers.add(name: "Authorization", value: authorization) }
            let response = try await httpClient.execute(request, timeout: TimeAmount(Self.roleTimeout), logger: logger)
            let bytes = try await response.body.collect(upTo: Self.maxRoleAnswerSize)
            let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView))
            return CoreRole.read(status: Int(response.status.code), body: json, askedOverTLS: target.usesTLS)
        } catch {
            return .unavailable(reason: NetworkFailure.reason(error))
        }
    }
}
