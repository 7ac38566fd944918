import Hummingbird
import RotaAPI

/// Answers every request of a standby: `/system/ping` as a live core, `/system/ready` with `503`
/// and the leader's URL, and any other request with `307` to the same path and query on the
/// leader, or `503 not_leader` when no core leads now.
struct StandbyMiddleware: RouterMiddleware {
    typealias Context = CoreRequestContext
    let known: KnownLeader

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.uri.path {
        case "/system/ping":
            return JSONResponse.text("pong")
        case "/system/ready":
            return try JSONResponse.make(ReadyAnswer.standby(leader: known.liveURL), status: .serviceUnavailable)
        default:
            guard let leader = known.liveURL else { throw Self.noLeader }
            return Response(status: .temporaryRedirect, headers: [.location: leader + request.uri.description])
        }
    }

    /// The refusal of a request while no core leads.
    static let noLeader = APIError(
        .serviceUnavailable, "not_leader", "this core is a standby and no core leads now; a standby takes over within seconds, try again then")

    /// The refusal of a WebSocket upgrade, which a standby never serves: it names the leader.
    static func webSocketRefusal(leader: String?) -> APIError {
        guard let leader else { return noLeader }
        return APIError(.serviceUnavailable, "not_leader", "this core is a standby; connect to the leader at \(leader)")
    }
}
