/// Reads the text of one cron field: `*`, a value, a range `a-b`, a step `*/n`, `a-b/n` or
/// `a/n` (meaning `a-max/n`), or a comma-separated list of these.
struct CronFieldParser {
    let field: CronField
    let text: String

    /// Parses the field, reporting the first problem found.
    func parse() throws(CronParseError) -> CronFieldValues {
        var bits: UInt64 = 0
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            for value in try values(of: String(entry)) {
                bits |= 1 << UInt64(value)
            }
        }
        return CronFieldValues(bits: bits, isStar: text.hasPrefix("*"))
    }

    private func values(of entry: String) throws(CronParseError) -> StrideThrough<Int> {
        guard !entry.isEmpty else {
            throw error("empty list entry; separate values with single commas, e.g. 1,15")
        }
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw error("more than one \"/\" in \(entry)") }
        guard !parts[0].isEmpty else { throw error("missing value before \"/\" in \(entry); write e.g. */5 or 0/5") }
        let (start, end) = try range(of: String(parts[0]), stepped: parts.count == 2)
        guard parts.count == 2 else { return stride(from: start, through: end, by: 1) }
        return stride(from: start, through: end, by: try step(String(parts[1])))
    }

    private func range(of base: String, stepped: Bool) throws(CronParseError) -> (Int, Int) {
        if base == "*" { return (field.bounds.lowerBound, field.bounds.upperBound) }
        guard !base.contains("*") else { throw error("* stands alone or before a step, as in * or */5, not in \(base)") }
        let ends = base.split(separator: "-", omittingEmptySubsequences: false)
        switch ends.count {
        case 1:
            let value = try value(of: base)
            return (value, stepped ? field.bounds.upperBound : value)
        case 2:
            guard !ends[0].isEmpty, !ends[1].isEmpty else { throw error("\(base) needs a value on both sides of \"-\", e.g. 1-5") }
            let start = try value(of: String(ends[0]))
            let end = try value(of: String(ends[1]))
            guard start <= end else {
                throw error("range start \(ends[0]) is after its end \(ends[1])\(sundayHint(end: end))")
            }
            return (start, end)
        default:
            throw error("\(base) is not a value, a range a-b or a step */n, a-b/n, a/n")
        }
    }

    private func value(of token: String) throws(CronParseError) -> Int {
        if let name = field.value(named: token) { return name }
        guard token.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            let expected = field.names.isEmpty ? "a number" : "a \(field.name) number or name"
            throw error("\(token) is not \(expected) (use \(field.accepted))")
        }
        guard let value = Int(token), field.bounds.contains(value) else {
            throw error("value \(token) is out of range \(field.bounds.lowerBound)-\(field.bounds.upperBound)")
        }
        return value
    }

    private func step(_ token: String) throws(CronParseError) -> Int {
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw error("step \(token.isEmpty ? "is missing; write e.g. */5" : "\(token) is not a number")")
        }
        guard let step = Int(token) else { throw error("step \(token) is too large") }
        guard step > 0 else { throw error("step must be > 0") }
        return step
    }

    private func sundayHint(end: Int) -> String {
        field == .dayOfWeek && end == 0 ? " (to end a range on Sunday write 7, e.g. MON-7)" : ""
    }

    private func error(_ problem: String) -> CronParseError {
        CronParseError("\(field.name) field \"\(text)\": \(problem)")
    }
}
