import Testing

@testable import RotaModel

/// Every kind of mistake is reported with what is wrong and where.
@Suite("Cron parse errors")
struct CronParseErrorTests {
    private func message(_ text: String) -> String? {
        do {
            _ = try CronExpression(parsing: text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func wrongNumberOfFields() {
        #expect(message("0 9 * *") == "expected 5 fields (minute hour day-of-month month day-of-week), got 4")
        #expect(message("0 0 9 * * *") == "expected 5 fields (minute hour day-of-month month day-of-week), got 6")
        #expect(message("   ") == "expected 5 fields (minute hour day-of-month month day-of-week), got 0")
    }

    @Test func valuesOutOfRange() {
        #expect(message("61 * * * *") == #"minute field "61": value 61 is out of range 0-59"#)
        #expect(message("0 24 * * *") == #"hour field "24": value 24 is out of range 0-23"#)
        #expect(message("0 0 0 * *") == #"day-of-month field "0": value 0 is out of range 1-31"#)
        #expect(message("0 0 1 13 *") == #"month field "13": value 13 is out of range 1-12"#)
        #expect(message("0 0 * * 1,8") == #"day-of-week field "1,8": value 8 is out of range 0-7"#)
        #expect(message("99999999999999999999 * * * *") == #"minute field "99999999999999999999": value 99999999999999999999 is out of range 0-59"#)
    }

    @Test func reversedRanges() {
        #expect(message("0 0 * * FRI-MON") == #"day-of-week field "FRI-MON": range start FRI is after its end MON"#)
        #expect(message("0 17-9 * * *") == #"hour field "17-9": range start 17 is after its end 9"#)
        #expect(message("0 0 * * MON-SUN") == #"day-of-week field "MON-SUN": range start MON is after its end SUN (to end a range on Sunday write 7, e.g. MON-7)"#)
    }

    @Test func badSteps() {
        #expect(message("*/0 * * * *") == #"minute field "*/0": step must be > 0"#)
        #expect(message("*/x * * * *") == #"minute field "*/x": step x is not a number"#)
        #expect(message("*/ * * * *") == #"minute field "*/": step is missing; write e.g. */5"#)
        #expect(message("1/2/3 * * * *") == #"minute field "1/2/3": more than one "/" in 1/2/3"#)
        #expect(message("/5 * * * *") == #"minute field "/5": missing value before "/" in /5; write e.g. */5 or 0/5"#)
        #expect(message("*/99999999999999999999 * * * *") == #"minute field "*/99999999999999999999": step 99999999999999999999 is too large"#)
    }

    @Test func unknownNamesAndWords() {
        #expect(message("0 0 * FOO *") == #"month field "FOO": FOO is not a month number or name (use 1-12 or JAN-DEC)"#)
        #expect(message("0 0 * * Sunday") == #"day-of-week field "Sunday": Sunday is not a day-of-week number or name (use 0-7 or SUN-SAT; 0 and 7 are Sunday)"#)
        #expect(message("MON * * * *") == #"minute field "MON": MON is not a number (use 0-59)"#)
        #expect(message("0 0 L * *") == #"day-of-month field "L": L is not a number (use 1-31)"#)
    }

    @Test func malformedEntries() {
        #expect(message("0 1,,2 * * *") == #"hour field "1,,2": empty list entry; separate values with single commas, e.g. 1,15"#)
        #expect(message("0 1-2-3 * * *") == #"hour field "1-2-3": 1-2-3 is not a value, a range a-b or a step */n, a-b/n, a/n"#)
        #expect(message("5- * * * *") == #"minute field "5-": 5- needs a value on both sides of "-", e.g. 1-5"#)
        #expect(message("*-5 * * * *") == #"minute field "*-5": * stands alone or before a step, as in * or */5, not in *-5"#)
    }

    @Test func unknownMacrosAndMacrosWithFields() {
        let known = "(known macros: @annually @daily @hourly @midnight @monthly @weekly @yearly)"
        #expect(message("@minutely") == "unknown macro @minutely \(known)")
        #expect(message("@reboot") == "unknown macro @reboot \(known)")
        #expect(message("@daily 5") == #"macro @daily stands alone, but is followed by "5""#)
    }

    @Test func errorsDescribeThemselvesByTheirMessage() {
        let error = CronParseError("step must be > 0")
        #expect(error.description == "step must be > 0")
        #expect("\(error)" == "step must be > 0")
    }
}
