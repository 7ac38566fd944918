/// The body of every refusal: `{"error": code, "message": text, "path": field}`, and for an
/// invalid definition every problem with its path under `errors`.
public struct ErrorAnswer: APIContract, Hashable {
    /// One problem of several, with the field it is about.
    public struct Problem: Codable, Sendable, Hashable {
        public var path: String
        public var message: String

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    /// A stable, machine-readable code, e.g. `not_found`.
    public var error: String
    public var message: String
    /// The offending field, when one is to blame.
    public var path: String?
    /// Every problem, when there are several; absent otherwise.
    public var errors: [Problem]?

    public init(error: String, message: String, path: String? = nil, errors: [Problem]? = nil) {
        self.error = error
        self.message = message
        self.path = path
        self.errors = errors
    }

    public static let schemaName = "Error"
    public static let example = ErrorAnswer(
        error: "invalid_definition", message: "the definition has a problem: steps[0].timeout: must be > 0", path: "steps[0].timeout",
        errors: [Problem(path: "steps[0].timeout", message: "must be > 0")])
}
