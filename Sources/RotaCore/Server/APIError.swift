import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A refused request, answered as `{"error": code, "message": text, "path": field}` with its status.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// A stable, machine-readable code, e.g. `not_found`.
    public let code: String
    public let message: String
    /// The offending field, when one is to blame.
    public let path: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, path: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.path = path
    }

    /// The JSON body.
    var body: ByteBuffer {
        var object: [String: String] = ["error": code, "message": message]
        if let path { object["path"] = path }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return ByteBuffer(bytes: data)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    static func badRequest(_ message: String, path: String? = nil) -> APIError { APIError(.badRequest, "bad_request", message, path: path) }
}
