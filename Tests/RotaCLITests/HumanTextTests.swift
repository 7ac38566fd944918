import RotaModel
import Testing

@testable import RotaCLI

/// The core's values written for people.
@Suite struct HumanTextTests {
    @Test func timesDropTheirMilliseconds() {
        #expect(HumanText.time("2026-11-23T10:00:00.123Z") == "2026-11-23 10:00:00Z")
        #expect(HumanText.time(.null) == "-")
    }

    @Test func durationsUseTheirLargestUnits() {
        #expect(HumanText.duration(0.25) == "250ms")
        #expect(HumanText.duration(4.2) == "4.2s")
        #expect(HumanText.duration(30) == "30s")
        #expect(HumanText.duration(185) == "3m05s")
        #expect(HumanText.duration(7440) == "2h04m")
        #expect(HumanText.duration(266_400) == "3d02h")
    }

    @Test func triggersReadAsAFewWords() {
        #expect(HumanText.trigger(["cron_expression": "0 * * * *"]) == "cron 0 * * * *")
        #expect(HumanText.trigger(["message_type": "deployed", "filter_data": .null]) == "event deployed")
        #expect(HumanText.trigger(["message_type": "task_end", "filter_data": ["success": false]]) == #"event task_end {"success":false}"#)
    }
}
