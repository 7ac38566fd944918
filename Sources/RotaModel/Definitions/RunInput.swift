/// The input a run is started with: an object every action of the run carries as `data.input`
/// and its commands read as `@input.KEY@`. It is stored with the run, so its size is bounded.
public enum RunInput {
    /// The largest input, as compact JSON.
    public static let maximumBytes = 64 << 10

    /// The problems of `input` as a whole, at path `input`: more than `maximumBytes` as JSON, or
    /// nested deeper than a definition's values (`DefinitionLimits.valueDepth`, the input object
    /// itself counting as one level). Empty when it is within the limits.
    public static func limitErrors(_ input: [String: JSONValue]) -> [DefinitionError] {
        let value = JSONValue.object(input)
        let depth = value.depth
        guard depth <= DefinitionLimits.valueDepth else {
            return [DefinitionError(path: "input", message: "nests \(depth) levels deep; at most \(DefinitionLimits.valueDepth) are allowed")]
        }
        let bytes = value.jsonBytes.count
        guard bytes <= maximumBytes else {
            return [DefinitionError(path: "input", message: "is \(bytes) bytes as JSON; at most \(maximumBytes) are allowed")]
        }
        return []
    }
}
