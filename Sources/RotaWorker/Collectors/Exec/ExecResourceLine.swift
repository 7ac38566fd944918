import Foundation
import RotaModel

/// One JSON line of the `exec` protocol: a resource, or an account with nothing in it.
///
/// A resource line has the keys `id`, `kind`, `cloud`, `account` (required), `name`, `region`,
/// `parent`, `tags` (strings), `ctime` (ISO-8601) and `attributes` (any JSON); other keys are
/// ignored. A line with `cloud` and `account` but no `id` and no `kind` names an account that the
/// program read and found empty, so that its earlier resources are known to be gone.
enum ExecResourceLine: Sendable, Hashable {
    case resource(Resource)
    case emptyAccount(cloud: String, account: String)

    /// Why a line could not be read.
    struct Failure: Error, Sendable, Hashable {
        let reason: String
    }

    private struct Wire: Codable {
        var id: String?
        var kind: String?
        var name: String?
        var cloud: String
        var account: String
        var region: String?
        var parent: String?
        var tags: [String: String]?
        var ctime: String?
        var attributes: [String: JSONValue]?
    }

    /// Reads one line.
    static func decode(_ line: String, using decoder: JSONDecoder) throws(Failure) -> ExecResourceLine {
        let wire: Wire
        do {
            wire = try decoder.decode(Wire.self, from: Data(line.utf8))
        } catch let error as DecodingError {
            throw Failure(reason: describe(error))
        } catch {
            throw Failure(reason: "\(error)")
        }
        switch (wire.id, wire.kind) {
        case (nil, nil):
            return .emptyAccount(cloud: wire.cloud, account: wire.account)
        case (nil, _):
            throw Failure(reason: "missing key \"id\"")
        case (_, nil):
            throw Failure(reason: "missing key \"kind\"")
        case (let id?, let kind?):
            var ctime: Date?
            if let text = wire.ctime {
                guard let date = Timestamp.date(text) else {
                    throw Failure(reason: "\"ctime\" is not an ISO-8601 time: \"\(text)\"")
                }
                ctime = date
            }
            return .resource(
                Resource(
                    id: id, kind: kind, name: wire.name, cloud: wire.cloud, account: wire.account, region: wire.region,
                    parent: wire.parent, tags: wire.tags ?? [:], ctime: ctime, attributes: wire.attributes ?? [:]))
        }
    }

    /// The resource as one line of JSON, without the line break.
    static func encode(_ resource: Resource) throws -> Data {
        let wire = Wire(
            id: resource.id, kind: resource.kind, name: resource.name, cloud: resource.cloud,
            account: resource.account, region: resource.region, parent: resource.parent, tags: resource.tags,
            ctime: resource.ctime.map { Timestamp.string($0, fraction: .asNeeded) }, attributes: resource.attributes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(wire)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \"\(path(context.codingPath + [key]))\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let key = path(context.codingPath)
            return key.isEmpty ? "not a JSON object" : "\"\(key)\" has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\"\(path(context.codingPath))\" is not readable"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}
