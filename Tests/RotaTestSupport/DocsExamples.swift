import Foundation
import RotaModel

/// The examples of Rota's documentation (`README.md` and `docs/*.md`): the definitions in their
/// YAML and JSON blocks and the `rota` command lines of their shell blocks, so that a test can
/// apply and run them as a reader would.
///
/// A block the test must leave alone is marked by an HTML comment on the line before its fence,
/// `<!-- example: not run, because REASON -->`; a mark without a reason is a problem of the doc.
public enum DocsExamples {
    /// One fenced code block of a document.
    public struct Block: Sendable, CustomStringConvertible {
        /// The document's path below the repository, e.g. `docs/WORKFLOWS.md`.
        public let file: String
        /// The line of the opening fence, counted from 1.
        public let line: Int
        /// The word after the fence (`yaml`, `sh`, ...); empty when there is none.
        public let language: String
        /// The block's lines, without the fences and without the indentation of the fence.
        public let text: String
        /// Why the block is not run, when it is marked so.
        public let notRunReason: String?
        /// What is wrong with the mark before the block, if anything.
        public let markProblem: String?

        public var description: String { "\(file):\(line)" }

        /// Whether the block is shell code.
        public var isShell: Bool { ["sh", "shell", "bash"].contains(language) }

        /// Whether the block is YAML or JSON.
        public var isData: Bool { ["yaml", "yml", "json"].contains(language) }
    }

    /// A workflow or job definition shown by a document.
    public struct Definition: Sendable {
        public let block: Block
        /// Its id, when it can be read.
        public let id: String?
        /// `yaml` or `json`: how a file of it is named.
        public var fileExtension: String { block.language == "json" ? "json" : "yaml" }
    }

    /// The beginning of a mark.
    static let markPrefix = "<!-- example:"
    /// A good mark: this, a reason and `-->`.
    static let notRunPrefix = "<!-- example: not run, because "

    /// The repository, found from this file's place in it.
    public static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The documents with examples, as paths below the repository: `README.md` and `docs/*.md`.
    public static func documents() throws -> [String] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return ["README.md"] + docs
    }

    /// The fenced blocks of the document at `file` (a path below the repository).
    public static func blocks(of file: String) throws -> [Block] {
        blocks(in: try String(contentsOf: repository.appendingPathComponent(file), encoding: .utf8), file: file)
    }

    /// The fenced blocks of `markdown`, named as lines of `file`.
    public static func blocks(in markdown: String, file: String) -> [Block] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let opening = lines[index]
            let trimmed = opening.drop { $0 == " " }
            guard trimmed.hasPrefix("```") else {
                index += 1
                continue
            }
            let indent = opening.count - trimmed.count
            let language = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces).lowercased()
            var body: [String] = []
            var end = index + 1
            while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces) != "```" {
                body.append(String(lines[end].dropFirst(min(indent, lines[end].prefix { $0 == " " }.count))))
                end += 1
            }
            let previous = index > 0 ? lines[index - 1].trimmingCharacters(in: .whitespaces) : ""
            var reason: String?
            var problem: String?
            if previous.hasPrefix(markPrefix) {
                let text = previous.hasPrefix(notRunPrefix) && previous.hasSuffix("-->")
                    ? previous.dropFirst(notRunPrefix.count).dropLast(3).trimmingCharacters(in: .whitespaces) : ""
                if !text.isEmpty {
                    reason = text
                } else {
                    problem = "\(file):\(index): a mark must read `<!-- example: not run, because REASON -->`, not `\(previous)`"
                }
            }
            blocks.append(
                Block(
                    file: file, line: index + 1, language: language, text: body.joined(separator: "\n"), notRunReason: reason,
                    markProblem: problem))
            index = end + 1
        }
        return blocks
    }

    /// The block as a definition, when it is one: a YAML or JSON document with an `id` and
    /// `steps` (a workflow) or `command` or `trigger` (a job). A block that cannot be read but
    /// begins like a definition (an `id:` line, `{"id"`) counts too, so that a broken example
    /// is not passed over.
    public static func definition(in block: Block) -> Definition? {
        guard block.isData else { return nil }
        if let document = try? DefinitionDocument.parse(block.text), let object = document.objectValue {
            guard object["id"] != nil, object["steps"] != nil || object["command"] != nil || object["trigger"] != nil else { return nil }
            return Definition(block: block, id: object["id"]?.stringValue)
        }
        let lines = block.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let looksLikeOne = lines.contains { $0.hasPrefix("id:") } || block.text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(#"{"id""#)
        return looksLikeOne ? Definition(block: block, id: nil) : nil
    }

    /// The command lines of a shell block that a test runs: each `rota ...` line (`swift run
    /// rota ...` is run as `rota ...`), with the `export` lines before it, continuation lines
    /// joined and comments left out. Other programs (`curl`, `openssl`, `swift build`) are not run.
    public static func commands(in block: Block) -> [(exports: [String], command: String)] {
        guard block.isShell else { return [] }
        var logical: [String] = []
        var pending = ""
        for line in block.text.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(line)
            if text.hasSuffix("\\") {
                pending += text.dropLast() + " "
                continue
            }
            logical.append(pending + text)
            pending = ""
        }
        if !pending.isEmpty { logical.append(pending) }
        var exports: [String] = []
        var commands: [(exports: [String], command: String)] = []
        for line in logical.map(withoutComment) where !line.isEmpty {
            var command = line
            if command.hasPrefix("swift run rota ") { command = String(command.dropFirst("swift run ".count)) }
            if command.hasPrefix("export ") {
                exports.append(command)
            } else if invokesRota(command) {
                commands.append((exports, command))
            }
        }
        return commands
    }

    /// Whether the line runs `rota`, after any `NAME=value` assignments.
    static func invokesRota(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard let first = words.firstIndex(where: { !$0.contains("=") || $0.hasPrefix("-") }) else { return false }
        return words[first] == "rota"
    }

    /// The line without a `#` comment that begins outside quotes after a space, and trimmed.
    static func withoutComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        var kept = ""
        for character in line {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#", previous == " " {
                break
            }
            kept.append(character)
            previous = character
        }
        return kept.trimmingCharacters(in: .whitespaces)
    }
}
