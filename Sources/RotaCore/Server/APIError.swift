import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaAPI
import RotaModel
import RotaStore

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

    /// The answer to `error`, thrown while a request was served: the one place where each kind of
    /// error gets its status and code. Errors that say their own answer (`APIRefusal`, Hummingbird's
    /// `HTTPResponseError`) keep it; anything else came from reading or writing the store, which
    /// is a `503 store_unavailable`: the client may try again later.
    public init(answering error: any Error) {
        switch error {
        case let error as APIError: self = error
        case let refusal as any APIRefusal: self = refusal.apiError
        case let error as ResourceMergeError: self = APIError(.badRequest, "invalid_resource", error.description, path: error.location)
        case let error as MergeTooLarge:
            self = APIError(.contentTooLarge, "merge_too_large", "\(error.description); split it, or raise max_merge_size (--max-merge-size)")
        case let error as ResourceQueryError: self = APIError.badRequest(error.message, path: error.path)
        case let error as GraphQueryError: self = APIError(.badRequest, "invalid_query", error.description)
        case let error as GraphModelReader.Refusal: self = APIError.badRequest(error.message, path: error.path)
        case let error as GraphQueryRunError:
            switch error {
            case .tooManyNodes, .tooManyGroups: self = APIError(.badRequest, "result_too_large", error.description)
            case .unknownSection: self = APIError(.badRequest, "invalid_query", error.description, path: "section")
            }
        case let error as any HTTPResponseError:
            self = APIError(error.status, error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"), "\(error)")
        default: self = APIError(.serviceUnavailable, "store_unavailable", "the store failed: \(error)")
        }
    }

    /// The JSON body.
    var body: ByteBuffer {
        let answer = ErrorAnswer(
            error: code, message: message, path: path,
            errors: problems.isEmpty ? nil : problems.map { ErrorAnswer.Problem(path: $0.path, message: $0.message) })
        return ByteBuffer(bytes: (try? APICoding.encoder().encode(answer)) ?? Data())
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    static func badRequest(_ message: String, path: String? = nil) -> APIError { APIError(.badRequest, "bad_request", message, path: path) }
}

/// An error of the core's own that says how the API answers it.
public protocol APIRefusal: Error {
    /// The status, code and message the client is answered with.
    var apiError: APIError { get }
}

extension StartRefusal: APIRefusal {
    /// An unknown workflow is a 404, an input the workflow refuses a 400 `invalid_input` with every
    /// problem and its path (as an invalid definition is answered), a start not stored a 503.
    public var apiError: APIError {
        switch self {
        case .unknownWorkflow(let unknown):
            return APIError.notFound(JobWorkflow.jobId(of: unknown.id).map { "no job has the id \"\($0)\"" } ?? unknown.description)
        case .invalidInput(let problems):
            let message = problems.count == 1 ? "the input has a problem" : "the input has \(problems.count) problems"
            return APIError(.badRequest, "invalid_input", "\(message): \(self)", path: problems.first?.path, problems: problems)
        case .notStored(let unavailable): return unavailable.apiError
        }
    }
}
