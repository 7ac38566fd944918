/// A body of Rota's REST API, sent or answered, whose JSON shape `openapi.yaml` describes under
/// `schemaName`. Its `example` sets every field, so that encoding it shows every key the type
/// can write.
public protocol APIContract: Codable, Sendable {
    /// The name of the type's schema under `components.schemas` in `openapi.yaml`.
    static var schemaName: String { get }
    /// A value with every field set, optional ones included.
    static var example: Self { get }
}
