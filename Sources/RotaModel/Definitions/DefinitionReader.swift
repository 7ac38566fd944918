import Foundation

/// Reads a definition from its JSON tree field by field, collecting every problem with its path
/// instead of stopping at the first one. Each accessor returns nil when the field is unusable.
public struct DefinitionReader {
    public private(set) var errors: [DefinitionError] = []

    public init() {}

    mutating func fail(_ path: String, _ message: String) {
        errors.append(DefinitionError(path: path, message: message))
    }

    /// The object at `path`, reporting any key outside `keys`.
    mutating func object(_ value: JSONValue, at path: String, keys: [String]) -> [String: JSONValue]? {
        guard let object = value.objectValue else {
            fail(path, "must be an object, not \(value.typeName)")
            return nil
        }
        for key in object.keys.sorted() where !keys.contains(key) {
            fail(Self.join(path, key), "unknown key (expected one of: \(keys.joined(separator: ", ")))")
        }
        return object
    }

    /// The string member `key`, at most `maximumBytes` long in UTF-8; a missing member is an
    /// error only when `required`.
    mutating func string(
        _ object: [String: JSONValue], _ key: String, at path: String, required: Bool = true, maximumBytes: Int = DefinitionLimits.nameBytes
    ) -> String? {
        let fieldPath = Self.join(path, key)
        switch object[key] {
        case nil, .null?:
            if required { fail(fieldPath, "is required") }
            return nil
        case .string(let text)?:
            guard text.utf8.count <= maximumBytes else {
                fail(fieldPath, "is \(text.utf8.count) bytes long; at most \(maximumBytes) are allowed")
                return nil
            }
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                fail(fieldPath, "must not be empty")
                return nil
            }
            return text
        case let other?:
            fail(fieldPath, "must be a string, not \(other.typeName)")
            return nil
        }
    }

    /// The boolean member `key`, or `defaultValue` when it is missing.
    mutating func bool(_ object: [String: JSONValue], _ key: String, at path: String, default defaultValue: Bool) -> Bool {
        switch object[key] {
        case nil, .null?: return defaultValue
        case .bool(let value)?: return value
        case let other?:
            fail(Self.join(path, key), "must be true or false, not \(other.typeName)")
            return defaultValue
        }
    }

    /// The timeout member `key` in seconds, within `TimeoutRange`; `defaultValue` when missing.
    mutating func seconds(_ object: [String: JSONValue], _ key: String, at path: String, default defaultValue: Double) -> Double {
        let fieldPath = Self.join(path, key)
        guard let value = object[key], value != .null else { return defaultValue }
        guard let seconds = value.doubleValue else {
            fail(fieldPath, "must be a number of seconds, not \(value.typeName)")
            return defaultValue
        }
        if let problem = TimeoutRange.problem(with: seconds) {
            fail(fieldPath, problem)
            return defaultValue
        }
        return seconds
    }

    /// The value of member `key` as one of `Choice`'s raw values; `defaultValue` when missing.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ object: [String: JSONValue], _ key: String, at path: String, default defaultValue: Choice
    ) -> Choice where Choice.RawValue == String {
        guard let text = string(object, key, at: path, required: false) else { return defaultValue }
        guard let choice = Choice(rawValue: text) else {
            let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            fail(Self.join(path, key), "\"\(text)\" is not one of \(names)")
            return defaultValue
        }
        return choice
    }

    /// An event filter: an object of at most `DefinitionLimits.filterBytes`, or null/missing for none.
    mutating func filter(_ object: [String: JSONValue], _ key: String, at path: String) -> [String: JSONValue]? {
        switch object[key] {
        case nil, .null?: return nil
        case .object(let filter)?:
            let value = JSONValue.object(filter)
            return withinLimits(value, at: Self.join(path, key), maximumBytes: DefinitionLimits.filterBytes) ? filter : nil
        case let other?:
            fail(Self.join(path, key), "must be an object or null, not \(other.typeName)")
            return nil
        }
    }

    /// The array member `key`, of at most `maximumCount` elements; a missing member is an error
    /// only when `required`.
    mutating func array(_ object: [String: JSONValue], _ key: String, at path: String, required: Bool, maximumCount: Int) -> [JSONValue]? {
        switch object[key] {
        case nil, .null?:
            if required { fail(Self.join(path, key), "is required") }
            return nil
        case .array(let elements)?:
            guard elements.count <= maximumCount else {
                fail(Self.join(path, key), "has \(elements.count) elements; at most \(maximumCount) are allowed")
                return nil
            }
            return elements
        case let other?:
            fail(Self.join(path, key), "must be an array, not \(other.typeName)")
            return nil
        }
    }

    /// An identifier (workflow or job id): up to `DefinitionLimits.idLength` letters, digits,
    /// `_`, `-` and `.`, starting with a letter or digit. With `admittingJobWorkflows` (a
    /// workflow's id), the id of a job's workflow (`job.` and a job id) is admitted too, so that
    /// every job's workflow reads back as valid.
    mutating func identifier(_ object: [String: JSONValue], _ key: String, at path: String, admittingJobWorkflows: Bool = false) -> String? {
        guard let id = string(object, key, at: path) else { return nil }
        let allowed = id.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))) || "_-.".unicodeScalars.contains(scalar)
        }
        let prefix = Job.workflowIdPrefix
        let maximumLength = DefinitionLimits.idLength + (admittingJobWorkflows && id.hasPrefix(prefix) ? prefix.count : 0)
        guard allowed, let first = id.unicodeScalars.first, CharacterSet.alphanumerics.contains(first), id.count <= maximumLength else {
            fail(
                Self.join(path, key),
                "\"\(id)\" is not a valid id: use up to \(DefinitionLimits.idLength) letters, digits, '_', '-' and '.', starting with a letter or digit")
            return nil
        }
        return id
    }

    /// Whether a JSON value a definition carries (`environment`, `filter_data`, an event's data)
    /// is at most `maximumBytes` as JSON and nests at most `DefinitionLimits.valueDepth` levels;
    /// reports the problem when not.
    mutating func withinLimits(_ value: JSONValue, at path: String, maximumBytes: Int) -> Bool {
        let depth = value.depth
        guard depth <= DefinitionLimits.valueDepth else {
            fail(path, "nests \(depth) levels deep; at most \(DefinitionLimits.valueDepth) are allowed")
            return false
        }
        let bytes = value.jsonBytes.count
        guard bytes <= maximumBytes else {
            fail(path, "is \(bytes) bytes as JSON; at most \(maximumBytes) are allowed")
            return false
        }
        return true
    }

    /// Whether a whole definition is at most `DefinitionLimits.definitionBytes` as JSON; reports
    /// the problem when not. Checked on the tree given, before anything else of it is read, and
    /// on the definition as it is written back, so that what is accepted always reads back.
    mutating func withinDefinitionSize(_ value: JSONValue, at path: String) -> Bool {
        let bytes = value.jsonBytes.count
        guard bytes <= DefinitionLimits.definitionBytes else {
            fail(path, "the definition is \(bytes) bytes as JSON; at most \(DefinitionLimits.definitionBytes) are allowed")
            return false
        }
        return true
    }

    /// The path of member `key` inside `path`.
    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
