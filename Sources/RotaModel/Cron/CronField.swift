/// One of the five fields of a cron expression, with the values it accepts.
enum CronField: Int, CaseIterable, Sendable {
    case minute
    case hour
    case dayOfMonth
    case month
    case dayOfWeek

    /// The name used in error messages and help.
    var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The smallest and largest value the field accepts; day-of-week allows 7 as a second Sunday.
    var bounds: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// The three-letter names the field accepts in place of numbers, upper-cased, in value order.
    var names: [String] {
        switch self {
        case .month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        case .dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        default: []
        }
    }

    /// The value a name stands for, compared case-insensitively.
    func value(named name: String) -> Int? {
        names.firstIndex(of: name.uppercased()).map { $0 + (self == .month ? 1 : 0) }
    }

    /// How to write a value of this field, for error messages.
    var accepted: String {
        switch self {
        case .month: "1-12 or JAN-DEC"
        case .dayOfWeek: "0-7 or SUN-SAT; 0 and 7 are Sunday"
        default: "\(bounds.lowerBound)-\(bounds.upperBound)"
        }
    }
}
