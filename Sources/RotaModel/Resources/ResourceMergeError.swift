/// Why a merge changed nothing: the line at fault (counted from 1; 0 when the fault is not in
/// one line, such as an empty cloud), the path of the field in it (`tags.env`; empty for the
/// line as a whole) and what is wrong.
public struct ResourceMergeError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let path: String
    public let message: String

    public init(line: Int, path: String, message: String) {
        self.line = line
        self.path = path
        self.message = message
    }

    /// The error of a line that could not be read.
    public init(line: Int, _ error: ResourceDecodingError) {
        self.init(line: line, path: error.path, message: error.message)
    }

    /// `line 7`, with the field when there is one: `line 7, tags.env`.
    public var location: String {
        let field = path.isEmpty ? "" : ", \(path)"
        return line > 0 ? "line \(line)\(field)" : path
    }

    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}
