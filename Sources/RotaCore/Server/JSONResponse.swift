import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaAPI
import RotaModel

/// Builds the JSON responses of the REST API from the types of `RotaAPI`.
enum JSONResponse {
    /// `value` as JSON with `status`, as `APICoding` writes it.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try APICoding.encoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Plain text with `contentType`.
    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

extension Request {
    /// The body as JSON, at most `limit` bytes; a body that is too large or not JSON is a 400/413.
    func json(limit: Int) async throws -> JSONValue {
        let buffer = try await collectBody(limit: limit)
        do {
            return try buffer.withUnsafeReadableBytes { raw in try JSONValue(jsonBytes: raw.bindMemory(to: UInt8.self)) }
        } catch {
            throw APIError.badRequest("the body is not valid JSON: \(error)")
        }
    }

    /// The body read as `Body`, at most `limit` bytes; a body that is not one is a 400 naming the
    /// field at fault and saying what to send.
    func decoded<Body: APIRequest>(_ type: Body.Type, limit: Int) async throws -> Body {
        try JSONValue.decoded(type, from: try await json(limit: limit), usage: Body.usage)
    }

    /// The whole body, at most `limit` bytes; a larger one is a 413.
    private func collectBody(limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the body is larger than \(limit) bytes")
        }
    }

    /// A definition document from the body: YAML when the content type says so, else JSON.
    func definitionDocument(limit: Int) async throws -> JSONValue {
        let contentType = headers[.contentType]?.lowercased() ?? ""
        guard contentType.contains("yaml") else { return try await json(limit: limit) }
        let buffer = try await collectBody(limit: limit)
        do {
            return try DefinitionDocument.parse(String(buffer: buffer))
        } catch {
            throw DefinitionRejection.invalid(error.errors)
        }
    }

    /// The query parameter `name`, if given and not empty.
    func query(_ name: String) -> String? {
        let value = queryString.first(name)
        return value?.isEmpty == false ? value : nil
    }
}

extension JSONValue {
    /// `tree` read as `Value`; a tree that is not one is a 400 whose path is the field at fault
    /// (`[0].timeout`), prefixed with `path`, and whose message ends with `usage` when given.
    static func decoded<Value: Decodable>(_ type: Value.Type, from tree: JSONValue, at path: String = "", usage: String? = nil) throws -> Value {
        do {
            return try APICoding.value(type, from: tree)
        } catch let error as DecodingError {
            let (codingPath, problem) = Self.problem(of: error)
            var fieldPath = path
            for key in codingPath {
                if let index = key.intValue { fieldPath += "[\(index)]" } else { fieldPath += fieldPath.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            throw APIError.badRequest(usage.map { "\(problem); \($0)" } ?? problem, path: fieldPath.isEmpty ? nil : fieldPath)
        } catch {
            throw APIError.badRequest("the body cannot be read: \(error)")
        }
    }

    /// Where a decoding error is, and what is wrong there, in a user's words.
    private static func problem(of error: DecodingError) -> ([any CodingKey], String) {
        switch error {
        case .keyNotFound(let key, let context): return (context.codingPath + [key], "is required")
        case .typeMismatch(let type, let context): return (context.codingPath, "must be \(Self.typeName(type))")
        case .valueNotFound(let type, let context): return (context.codingPath, "must be \(Self.typeName(type)), not null")
        case .dataCorrupted(let context): return (context.codingPath, context.debugDescription)
        @unknown default: return ([], "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: return "true or false"
        case is String.Type: return "a text"
        case is Double.Type, is Int.Type, is Int64.Type: return "a number"
        case is [Any].Type: return "a list"
        default: return "an object"
        }
    }
}

extension Parameters {
    /// The path parameter `name`, percent-decoded (`worker%201` is `worker 1`); a 400 when missing.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
