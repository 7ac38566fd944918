import Foundation
import RotaAPI
import RotaModel

extension CoreAPI {
    /// The core's answer to `request` read as `Value` (e.g. a `RunStartAnswer` from
    /// `POST /workflows/{id}/run`), as `APICoding` reads the API's types, or the error that says
    /// the answer is not one.
    public static func decode<Value: Decodable>(_ type: Value.Type, from answer: JSONValue, request: String) throws(CoreAPIError) -> Value {
        do {
            return try APICoding.value(type, from: answer)
        } catch {
            throw .invalidResponse(reason: "\(request) answered with JSON that is not a \(type): \(error)")
        }
    }

    /// `GET path`, its answer read as `Value`.
    public func get<Value: Decodable>(_ type: Value.Type, _ path: String, query: [(String, String)] = []) async throws(CoreAPIError) -> Value {
        try Self.decode(type, from: try await get(path, query: query), request: "GET \(path)")
    }
}
