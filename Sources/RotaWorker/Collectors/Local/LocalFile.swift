import Foundation

/// Reads the small text files of /proc, /sys and /etc that the `local` collector takes its facts
/// from.
enum LocalFile {
    /// The whole file as text, or nil when it cannot be read.
    static func text(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The first line of the file without surrounding white space, or nil when it cannot be read
    /// or is empty.
    static func firstLine(_ path: String) -> String? {
        guard let text = text(path) else { return nil }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
