/// A number as queries compare and aggregate it: whole numbers stay exact as long as they fit
/// in 64 bits, anything else is a `Double`.
enum GraphNumber: Sendable, Hashable {
    case int(Int64)
    case double(Double)

    /// The number a JSON number holds; nil for any other value.
    init?(json: JSONValue) {
        switch json {
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        default: return nil
        }
    }

    /// The number a JSON number holds, or a string that reads as a finite decimal number
    /// (`"4"`, `"-1.5"`, `"1e3"`); nil for any other value.
    init?(comparable json: JSONValue) {
        if let number = GraphNumber(json: json) {
            self = number
        } else if case .string(let text) = json, let number = GraphNumber(text: text) {
            self = number
        } else {
            return nil
        }
    }

    /// Reads decimal text: digits with an optional sign, fraction and exponent, nothing else.
    init?(text: String) {
        guard !text.isEmpty, text.utf8.count <= 64,
            text.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }),
            text.unicodeScalars.contains(where: { ("0"..."9").contains($0) })
        else { return nil }
        if let value = Int64(text) {
            self = .int(value)
        } else if let value = Double(text), value.isFinite {
            self = .double(value)
        } else {
            return nil
        }
    }

    var doubleValue: Double {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        }
    }

    /// The JSON number: an integer when the value is whole and fits in 64 bits.
    var json: JSONValue {
        switch self {
        case .int(let value): return .int(value)
        case .double(let value):
            if value.rounded() == value, value >= -9.223372036854775808e18, value < 9.223372036854775808e18 {
                return .int(Int64(value))
            }
            return .double(value)
        }
    }

    /// -1, 0 or 1 as `self` is smaller than, equal to or greater than `other`.
    func compare(_ other: GraphNumber) -> Int {
        if case .int(let left) = self, case .int(let right) = other {
            return left < right ? -1 : left == right ? 0 : 1
        }
        let left = doubleValue
        let right = other.doubleValue
        return left < right ? -1 : left == right ? 0 : 1
    }

    static func + (left: GraphNumber, right: GraphNumber) -> GraphNumber {
        if case .int(let a) = left, case .int(let b) = right {
            let (sum, overflow) = a.addingReportingOverflow(b)
            if !overflow { return .int(sum) }
        }
        return .double(left.doubleValue + right.doubleValue)
    }

    static func - (left: GraphNumber, right: GraphNumber) -> GraphNumber {
        if case .int(let a) = left, case .int(let b) = right {
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            if !overflow { return .int(difference) }
        }
        return .double(left.doubleValue - right.doubleValue)
    }

    static func * (left: GraphNumber, right: GraphNumber) -> GraphNumber {
        if case .int(let a) = left, case .int(let b) = right {
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            if !overflow { return .int(product) }
        }
        return .double(left.doubleValue * right.doubleValue)
    }

    /// The quotient, or nil when dividing by zero.
    static func / (left: GraphNumber, right: GraphNumber) -> GraphNumber? {
        guard right.doubleValue != 0 else { return nil }
        if case .int(let a) = left, case .int(let b) = right, a % b == 0, !(a == .min && b == -1) {
            return .int(a / b)
        }
        return .double(left.doubleValue / right.doubleValue)
    }
}
