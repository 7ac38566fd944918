import Hummingbird
import HTTPTypes

/// A change that could not be stored in time is answered `503 Service Unavailable` with the
/// reason, as `{"error": "store_unavailable", "message": ...}`: the client may try again later.
extension StoreUnavailable: APIRefusal, HTTPResponseError {
    public var apiError: APIError { APIError(.serviceUnavailable, "store_unavailable", reason) }

    public var status: HTTPResponse.Status { apiError.status }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try apiError.response(from: request, context: context)
    }
}
