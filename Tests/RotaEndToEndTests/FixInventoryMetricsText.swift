/// The samples of a Prometheus text exposition, as Fix Inventory's exporter serves them: by
/// family name, each sample's labels with its value.
enum FixInventoryMetricsText {
    /// Reads every sample line (`name{label="value",...} number` or `name number`); comments and
    /// lines that are not samples are left out.
    static func parse(_ text: String) -> [String: [[String: String]: Double]] {
        var families: [String: [[String: String]: Double]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let separator = line.lastIndex(of: " "), let value = Double(line[line.index(after: separator)...]) else { continue }
            let series = line[..<separator]
            guard let brace = series.firstIndex(of: "{") else {
                families[String(series), default: [:]][[:]] = value
                continue
            }
            guard series.hasSuffix("}"), let labels = Self.labels(series[series.index(after: brace)..<series.index(before: series.endIndex)]) else {
                continue
            }
            families[String(series[..<brace]), default: [:]][labels] = value
        }
        return families
    }

    /// `a="x",b="y\"z"` as a dictionary; nil when it is not written so.
    private static func labels(_ text: Substring) -> [String: String]? {
        var labels: [String: String] = [:]
        var rest = text[...]
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let name = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            guard rest.first == "\"" else { return nil }
            rest = rest.dropFirst()
            var value = ""
            var escaped = false
            while let character = rest.first {
                rest = rest.dropFirst()
                if escaped {
                    value.append(character == "n" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    break
                } else {
                    value.append(character)
                }
            }
            labels[name] = value
            if rest.first == "," { rest = rest.dropFirst() }
        }
        return labels
    }
}
