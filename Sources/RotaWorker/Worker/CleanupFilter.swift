import RotaModel

/// The `filter` in the data of a `cleanup` or `cleanup_plan` action: the resources the action is
/// about, e.g. `{"cloud": "aws", "account": ["123", "456"], "tags": {"team": "data"}}`.
///
/// Its keys are `cloud`, `account`, `region` and `kind`, each a text or a list of texts, and
/// `tags`, an object of tag names and the values the tags must have. Every key is optional. A
/// resource is selected when it matches every key given; it matches `cloud`, `account`,
/// `region` or `kind` when it has any of the key's values, and `tags` when it has every tag
/// with its value. No filter, or `{}`, selects every resource.
///
/// A filter comes from a workflow or from whoever can send actions, so it is read strictly:
/// anything but this shape, an empty text or list, more than ``maximumValues`` values, a text
/// longer than ``maximumBytes`` or more than ``maximumTotalBytes`` of text in all is refused with
/// the path of the fault, before the action marks or deletes anything.
struct CleanupFilter: Sendable, Hashable {
    /// The key of the action's data that holds the filter.
    static let dataKey = "filter"
    /// The keys a filter may have.
    static let keys = ["cloud", "account", "region", "kind", "tags"]
    /// The most values one key may list, and the most tags.
    static let maximumValues = 100
    /// The longest text in a filter (a value, a tag name, a tag value), in UTF-8 bytes.
    static let maximumBytes = 256
    /// The most bytes all the texts of a filter may hold together: the core is asked for the
    /// marked resources with the filter in the URL, and percent-encoded (up to three times as
    /// long) it stays well within the 80 KiB the core reads of a request's head.
    static let maximumTotalBytes = 16 << 10
    /// The longest key or tag name a refusal repeats; longer ones are cut.
    private static let shownNameLength = 40

    /// The filter as the core's resource filter: its clouds, accounts, regions, kinds and tags.
    let conditions: ResourceFilter

    /// The filter that selects every resource.
    init() {
        conditions = ResourceFilter()
    }

    /// Reads the filter in an action's data; without one, every resource is selected.
    init(actionData data: [String: JSONValue]) throws(CleanupFilterError) {
        guard let value = data[Self.dataKey] else {
            self.init()
            return
        }
        try self.init(value)
    }

    /// Reads a filter: an object with any of ``keys``.
    init(_ value: JSONValue) throws(CleanupFilterError) {
        guard case .object(let members) = value else {
            throw CleanupFilterError(
                path: Self.dataKey, message: "must be an object with any of the keys \(Self.keys.joined(separator: ", ")), not \(value.typeName)")
        }
        var conditions = ResourceFilter()
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "cloud": conditions.clouds = try Self.texts(value, key: key)
            case "account": conditions.accounts = try Self.texts(value, key: key)
            case "region": conditions.regions = try Self.texts(value, key: key)
            case "kind": conditions.kinds = try Self.texts(value, key: key)
            case "tags": conditions.tags = try Self.tags(value)
            default:
                throw CleanupFilterError(
                    path: "\(Self.dataKey).\(Self.shown(key))", message: "is not a filter key (expected one of \(Self.keys.joined(separator: ", ")))")
            }
        }
        let total = [conditions.clouds, conditions.accounts, conditions.regions, conditions.kinds].joined().reduce(0) { $0 + $1.utf8.count }
            + conditions.tags.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.utf8.count ?? 0) }
        guard total <= Self.maximumTotalBytes else {
            throw CleanupFilterError(path: Self.dataKey, message: "holds \(total) bytes of text; at most \(Self.maximumTotalBytes) in all")
        }
        self.conditions = conditions
    }

    /// Whether the filter selects every resource.
    var selectsEverything: Bool { conditions.isEmpty }

    /// Whether the filter selects `resource`.
    func selects(_ resource: Resource) -> Bool {
        Self.matches(conditions.clouds, resource.cloud) && Self.matches(conditions.accounts, resource.account)
            && Self.matches(conditions.kinds, resource.kind)
            && (conditions.regions.isEmpty || resource.region.map(conditions.regions.contains) == true)
            && conditions.tags.allSatisfy { tag in
                guard let value = resource.tags[tag.key] else { return false }
                return tag.value.map { $0 == value } ?? true
            }
    }

    /// Those of `clouds` the filter selects, in their order.
    func clouds(among clouds: [String]) -> [String] {
        conditions.clouds.isEmpty ? clouds : clouds.filter(conditions.clouds.contains)
    }

    /// The filter for the run's log, e.g. `cloud aws, account 123 or 456, tag team=data`.
    var summary: String {
        var parts: [String] = []
        let keys = [("cloud", conditions.clouds), ("account", conditions.accounts), ("region", conditions.regions), ("kind", conditions.kinds)]
        for (name, values) in keys where !values.isEmpty {
            parts.append("\(name) \(values.joined(separator: " or "))")
        }
        parts += conditions.tags.map { "tag \($0.text)" }
        return parts.joined(separator: ", ")
    }

    private static func matches(_ values: [String], _ value: String) -> Bool {
        values.isEmpty || values.contains(value)
    }

    /// Reads the value of `key`: a text, or a list of 1 to ``maximumValues`` texts.
    private static func texts(_ value: JSONValue, key: String) throws(CleanupFilterError) -> [String] {
        let path = "\(dataKey).\(key)"
        switch value {
        case .string(let text):
            return [try checked(text, at: path)]
        case .array(let elements):
            guard !elements.isEmpty else {
                throw CleanupFilterError(path: path, message: "must not be an empty list; leave the key out to select every \(key)")
            }
            guard elements.count <= maximumValues else {
                throw CleanupFilterError(path: path, message: "lists \(elements.count) values; at most \(maximumValues)")
            }
            var texts: [String] = []
            for (index, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    throw CleanupFilterError(path: "\(path)[\(index)]", message: wrongType(element))
                }
                texts.append(try checked(text, at: "\(path)[\(index)]"))
            }
            return texts
        default:
            throw CleanupFilterError(path: path, message: "must be a text or a list of texts, not \(value.typeName)" + quoteHint(value))
        }
    }

    /// Reads `tags`: an object of 1 to ``maximumValues`` tag names, each with the text value the tag must have.
    private static func tags(_ value: JSONValue) throws(CleanupFilterError) -> [ResourceTagFilter] {
        let path = "\(dataKey).tags"
        guard case .object(let members) = value else {
            throw CleanupFilterError(
                path: path, message: "must be an object of tag names and values, e.g. {\"team\": \"data\"}, not \(value.typeName)")
        }
        guard !members.isEmpty else {
            throw CleanupFilterError(path: path, message: "must name at least one tag; leave the key out to select resources whatever their tags")
        }
        guard members.count <= maximumValues else {
            throw CleanupFilterError(path: path, message: "names \(members.count) tags; at most \(maximumValues)")
        }
        var tags: [ResourceTagFilter] = []
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            let tagPath = "\(path).\(shown(name))"
            guard !name.isEmpty else { throw CleanupFilterError(path: path, message: "a tag name must not be empty") }
            guard !name.contains("=") else { throw CleanupFilterError(path: tagPath, message: "a tag name cannot contain \"=\"") }
            guard name.utf8.count <= maximumBytes else {
                throw CleanupFilterError(path: tagPath, message: "the tag name is \(name.utf8.count) bytes long; at most \(maximumBytes)")
            }
            guard case .string(let text) = value else { throw CleanupFilterError(path: tagPath, message: wrongType(value)) }
            guard text.utf8.count <= maximumBytes else {
                throw CleanupFilterError(path: tagPath, message: "is \(text.utf8.count) bytes long; at most \(maximumBytes)")
            }
            tags.append(ResourceTagFilter(key: name, value: text))
        }
        return tags
    }

    /// `text` when it is neither empty nor longer than ``maximumBytes``.
    private static func checked(_ text: String, at path: String) throws(CleanupFilterError) -> String {
        guard !text.isEmpty else { throw CleanupFilterError(path: path, message: "must not be an empty text") }
        guard text.utf8.count <= maximumBytes else {
            throw CleanupFilterError(path: path, message: "is \(text.utf8.count) bytes long; at most \(maximumBytes)")
        }
        return text
    }

    /// The refusal of a value that should be a text.
    private static func wrongType(_ value: JSONValue) -> String {
        "must be a text, not \(value.typeName)" + quoteHint(value)
    }

    /// For a number, how to write it as a text (YAML reads an unquoted account id as a number).
    private static func quoteHint(_ value: JSONValue) -> String {
        switch value {
        case .int(let number): "; quote it: \"\(number)\""
        case .double: "; quote it"
        default: ""
        }
    }

    /// A key or tag name as a refusal repeats it: cut after ``shownNameLength`` characters.
    private static func shown(_ name: String) -> String {
        name.count > shownNameLength ? name.prefix(shownNameLength) + "…" : name
    }
}
