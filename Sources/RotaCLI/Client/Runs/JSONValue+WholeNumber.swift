import RotaModel

extension JSONValue {
    /// The value as a whole number: an integer, or a number without a fraction that fits an
    /// `Int`; nil for anything else, so that a count a client wrote never traps when converted.
    var wholeNumber: Int? {
        switch self {
        case .int(let number): return Int(exactly: number)
        case .double(let number): return Int(exactly: number)
        default: return nil
        }
    }
}
