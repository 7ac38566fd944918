import Foundation
import RotaModel

extension CoreAPI {
    /// The core's answer to `request` read as `Value` (e.g. a `ResourcePage` from `GET /resources`),
    /// or the error that says the answer is not one.
    public static func decode<Value: Decodable>(_ type: Value.Type, from answer: JSONValue, request: String) throws(CoreAPIError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: try JSONEncoder().encode(answer))
        } catch {
            throw .invalidResponse(reason: "\(request) answered with JSON that is not a \(type): \(error)")
        }
    }
}
