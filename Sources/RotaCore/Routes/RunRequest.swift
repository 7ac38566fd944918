import Foundation
import Hummingbird
import NIOCore
import RotaAPI
import RotaModel

/// Starts a run of a workflow (or a job's workflow) for a REST request, with the input its body
/// gives, and answers with the run's id, whether it started, queued or was skipped, and when the
/// schedule runs it next.
enum RunRequest {
    /// What a run request's body is, for the answer to one that is not.
    static let usage = "send {\"input\": {\"KEY\": VALUE, ...}}, or no body for a run without input"

    /// Starts the run for `request`; a run started or queued is recorded in the audit trail.
    static func start(_ workflowId: String, request: Request, parts: CoreParts, context: CoreRequestContext) async throws -> Response {
        let input = try await input(of: request, limit: parts.settings.maxBodySize)
        let result = try await parts.taskHandler.start(workflowId, reason: "API request", input: input)
        let status: RunStartAnswer.Status
        let taskId: TaskId?
        switch result {
        case .started(let id): (status, taskId) = (.started, id)
        case .queued(let id): (status, taskId) = (.queued, id)
        case .skipped: (status, taskId) = (.skipped, nil)
        }
        if status != .skipped {
            await parts.audit.record(
                .run, .started, target: taskId, change: ["workflow": .string(workflowId), "status": .string(status.rawValue)], by: context)
        }
        let jobId = JobWorkflow.jobId(of: workflowId)
        let answer = RunStartAnswer(
            taskId: taskId, workflow: jobId == nil ? workflowId : nil, job: jobId, status: status,
            scheduledNext: await parts.taskHandler.nextScheduledRun(of: workflowId))
        return try JSONResponse.make(answer, status: status == .started ? .ok : .accepted)
    }

    /// The input of a run request: `{}` for no body (or only white space), else the `input` object
    /// of the body `{"input": {...}}`, which must be within `RunInput`'s limits. A body larger
    /// than `limit` is a 413; a body that is not such an object is a 400 naming the field at fault.
    static func input(of request: Request, limit: Int) async throws -> [String: JSONValue] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the body is larger than \(limit) bytes")
        }
        return try input(from: buffer)
    }

    /// The input a whole request body gives, as `input(of:limit:)` reads it.
    static func input(from body: ByteBuffer) throws -> [String: JSONValue] {
        let bytes = body.readableBytesView
        guard bytes.contains(where: { !Self.whiteSpace.contains($0) }) else { return [:] }
        let tree: JSONValue
        do {
            tree = try body.withUnsafeReadableBytes { raw in try JSONValue(jsonBytes: raw.bindMemory(to: UInt8.self)) }
        } catch {
            throw APIError.badRequest("the body is not valid JSON: \(error); \(usage)", path: "body")
        }
        guard let members = tree.objectValue else {
            throw APIError.badRequest("must be an object, not \(tree.typeName); \(usage)", path: "body")
        }
        if let unknown = members.keys.sorted().first(where: { $0 != "input" }) {
            throw APIError.badRequest("unknown key (expected only input); \(usage)", path: unknown)
        }
        let input: [String: JSONValue]
        switch members["input"] {
        case nil, .null?: return [:]
        case .object(let object)?: input = object
        case let other?: throw APIError.badRequest("must be an object, not \(other.typeName); \(usage)", path: "input")
        }
        let limitErrors = RunInput.limitErrors(input)
        guard limitErrors.isEmpty else { throw StartRefusal.invalidInput(limitErrors) }
        return input
    }

    /// The bytes JSON counts as white space around a value.
    private static let whiteSpace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
}
