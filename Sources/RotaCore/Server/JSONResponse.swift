import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaModel

/// Builds the JSON responses of the REST API.
enum JSONResponse {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as JSON with `status`.
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An encodable value as JSON with `status`.
    static func make(encoding value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
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
            throw APIError.rejected(.invalid(error.errors))
        }
    }

    /// The query parameter `name`, if given and not empty.
    func query(_ name: String) -> String? {
        let value = uri.queryParameters.get(name)
        return value?.isEmpty == false ? value : nil
    }
}

extension Parameters {
    /// The path parameter `name`, percent-decoded (`worker%201` is `worker 1`); a 400 when missing.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
