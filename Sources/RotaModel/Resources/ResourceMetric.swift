/// A figure computed over each group of an aggregation: `count` (resources), or the `count`,
/// `sum`, `min` or `max` of a numeric attribute such as `instance_cores`. Resources whose
/// attribute is missing or not a number are left out of that attribute's figures.
public struct ResourceMetric: Sendable, Hashable {
    /// What to compute.
    public enum Function: String, Sendable, Hashable, CaseIterable {
        case count, sum, min, max
    }

    public var function: Function
    /// The attribute, from the resource's `attributes`; nil only for a plain count.
    public var attribute: String?

    /// A count of resources.
    public static let count = ResourceMetric(function: .count, attribute: nil)

    private init(function: Function, attribute: String?) {
        self.function = function
        self.attribute = attribute
    }

    /// A figure over one numeric attribute.
    public init(_ function: Function, of attribute: String) {
        self.init(function: function, attribute: attribute)
    }

    /// Reads `count` or `FUNCTION(ATTRIBUTE)`, such as `sum(instance_cores)`. The parentheses
    /// are found among the text's code points, so an attribute that begins with a combining
    /// mark (which would join the `(` into one character) is read as written.
    public init(parsing text: String) throws(ResourceQueryError) {
        if text == "count" {
            self = .count
            return
        }
        let functions = Function.allCases.map(\.rawValue).joined(separator: ", ")
        let scalars = text.unicodeScalars
        guard scalars.last == ")", let open = scalars.firstIndex(of: "("),
            let function = Function(rawValue: String(scalars[..<open]))
        else {
            throw ResourceQueryError(
                path: "metrics", message: "\"\(text)\" is not count or FUNCTION(ATTRIBUTE) with FUNCTION one of \(functions)")
        }
        let attribute = scalars[scalars.index(after: open)..<scalars.index(before: scalars.endIndex)]
        guard !attribute.isEmpty else { throw ResourceQueryError(path: "metrics", message: "\"\(text)\" names no attribute") }
        self.init(function, of: String(attribute))
    }

    /// The metric as ``init(parsing:)`` reads it; the key of its value in an aggregate row.
    public var name: String {
        attribute.map { "\(function.rawValue)(\($0))" } ?? function.rawValue
    }
}
