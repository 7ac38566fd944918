import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaModel

/// A refused request, answered as `{"error": code, "message": text, "path": field}` with its status.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// A stable, machine-readable code, e.g. `not_found`.
    public let code: String
    public let message: String
    /// The offending field, when one is to blame.
    public let path: String?
    /// Every problem, when there are several (an invalid definition), each with its path.
    public let problems: [DefinitionError]
    /// Headers to answer with besides the body's, e.g. `Retry-After`.
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, path: String? = nil, problems: [DefinitionError] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.path = path
        self.problems = problems
    }

    /// The JSON body.
    var body: ByteBuffer {
        var object: [String: JSONValue] = ["error": .string(code), "message": .string(message)]
        if let path { object["path"] = .string(path) }
        if !problems.isEmpty {
            object["errors"] = .array(problems.map { ["path": .string($0.path), "message": .string($0.message)] })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: (try? encoder.encode(JSONValue.object(object))) ?? Data())
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    static func badRequest(_ message: String, path: String? = nil) -> APIError { APIError(.badRequest, "bad_request", message, path: path) }

    /// The answer to a definition that was not taken.
    static func rejected(_ rejection: DefinitionRejection) -> APIError {
        switch rejection {
        case .invalid(let problems):
            let message = problems.count == 1 ? "the definition has a problem" : "the definition has \(problems.count) problems"
            return APIError(
                .badRequest, "invalid_definition", "\(message): \(rejection)", path: problems.first?.path, problems: problems)
        case .forbidden(let reason):
            return APIError(.forbidden, "forbidden", reason)
        case .notFound(let reason):
            return APIError.notFound(reason)
        case .notStored(let unavailable):
            return APIError(.serviceUnavailable, "store_unavailable", unavailable.reason)
        }
    }
}
