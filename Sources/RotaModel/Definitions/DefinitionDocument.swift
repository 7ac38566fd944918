import Foundation
import Yams

/// Turns the text of a definition file, JSON or YAML, into a JSON tree. Every reader of
/// definitions goes through it (the REST API's YAML bodies, `--workflows` folders, the command
/// line's files), so each is guarded alike: anchors and aliases are refused before the text is
/// parsed (see `YAMLAnchors`), and numbers must be finite.
public enum DefinitionDocument {
    /// Parses `text` as YAML (which includes JSON); a syntax error is reported with its line.
    public static func parse(_ text: String) throws(InvalidDefinition) -> JSONValue {
        if let anchor = YAMLAnchors.first(in: text) {
            throw InvalidDefinition(errors: [
                DefinitionError(
                    path: "",
                    message: "YAML anchors and aliases are not supported (&\(anchor.name) at line \(anchor.line), column \(anchor.column)): "
                        + "write the repeated values out (an & that begins a word of a text can be written \\u0026 in double quotes)")
            ])
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw InvalidDefinition(errors: [DefinitionError(path: "", message: "not valid JSON or YAML: \(error)")])
        }
        guard let node else {
            throw InvalidDefinition(errors: [DefinitionError(path: "", message: "the document is empty")])
        }
        return try value(of: node, at: "")
    }

    private static func value(of node: Node, at path: String) throws(InvalidDefinition) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return scalarValue(node, scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for (index, element) in sequence.enumerated() {
                elements.append(try value(of: element, at: "\(path)[\(index)]"))
            }
            return .array(elements)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, element) in mapping {
                guard let name = key.string else {
                    throw InvalidDefinition(errors: [DefinitionError(path: path, message: "keys must be strings")])
                }
                members[name] = try value(of: element, at: DefinitionReader.join(path, name))
            }
            return .object(members)
        case .alias:
            throw InvalidDefinition(errors: [DefinitionError(path: path, message: "YAML aliases are not supported")])
        }
    }

    private static func scalarValue(_ node: Node, _ scalar: Node.Scalar) -> JSONValue {
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .null: return .null
        case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
        case .int: return node.int.map { .int(Int64($0)) } ?? .string(scalar.string)
        case .float: return node.float.map { $0.isFinite ? .double($0) : .string(scalar.string) } ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }
}
