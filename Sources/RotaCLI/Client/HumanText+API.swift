import Foundation
import RotaModel

extension HumanText {
    /// A time of the core to the second (`2026-11-23 10:00:00Z`); `-` for none.
    static func time(_ date: Date?) -> String {
        time(date.map { JSONValue.string(Timestamp.string($0)) })
    }

    /// A text; `-` for none.
    static func text(_ text: String?) -> String {
        text ?? "-"
    }

    /// A number as text.
    static func text(_ number: Int) -> String {
        String(number)
    }

    /// A percentage such as `42%`, from the core's number 0...100.
    static func percent(_ value: Double) -> String {
        percent(JSONValue.number(value))
    }
}
