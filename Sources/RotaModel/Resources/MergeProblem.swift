/// A note about one line of a merge that did not stop it, such as an expiry tag that could not
/// be read: the merge reports these as infos.
public struct MergeProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The line, counted from 1.
    public var line: Int
    /// The resource on that line.
    public var id: String
    public var message: String

    public init(line: Int, id: String, message: String) {
        self.line = line
        self.id = id
        self.message = message
    }

    public var description: String { "line \(line) (\(id)): \(message)" }
}
