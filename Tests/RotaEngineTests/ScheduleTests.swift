import Foundation
import Testing

@testable import RotaEngine
@testable import RotaModel

@Suite("Cron schedule")
struct ScheduleTests {
    let utc = TimeZone(identifier: "UTC")!
    let hourly = try! CronExpression(parsing: "0 * * * *")
    let daily = try! CronExpression(parsing: "0 6 * * *")

    /// 2027-01-15 at the given UTC hour and minute.
    func time(_ hour: Int, _ minute: Int = 0, day: Int = 15) -> Date {
        var components = DateComponents(year: 2027, month: 1, day: day, hour: hour, minute: minute)
        components.timeZone = utc
        return Calendar(identifier: .gregorian).date(from: components)!
    }

    @Test func dueTriggersFireAtTheirTimeAndAreScheduledAgain() {
        var schedule = Schedule<String>(timeZone: utc)
        schedule.register("hourly", hourly, now: time(10, 30))
        #expect(schedule.nextWake() == time(11))
        #expect(schedule.due(at: time(10, 59)).isEmpty)
        #expect(schedule.due(at: time(11)) == ["hourly"])
        #expect(schedule.nextWake() == time(12))
    }

    @Test func triggersFireInTheOrderOfTheirTimes() {
        var schedule = Schedule<String>(timeZone: utc)
        schedule.register("daily", daily, now: time(5, 30))
        schedule.register("hourly", hourly, now: time(5, 30))
        schedule.register("quarter", try! CronExpression(parsing: "45 * * * *"), now: time(5, 30))
        #expect(schedule.nextWake() == time(5, 45))
        #expect(schedule.due(at: time(6)) == ["quarter", "daily", "hourly"])
    }

    @Test func aLateWakeFiresOnceNotOncePerMissedTime() {
        var schedule = Schedule<String>(timeZone: utc)
        schedule.register("hourly", hourly, now: time(10, 30))
        #expect(schedule.due(at: time(13, 15)) == ["hourly"])
        #expect(schedule.nextWake() == time(14))
    }

    @Test func unregisteredTriggerNeverFires() {
        var schedule = Schedule<String>(timeZone: utc)
        schedule.register("hourly", hourly, now: time(10, 30))
        schedule.unregister("hourly")
        #expect(schedule.nextWake() == nil)
        #expect(schedule.due(at: time(12)).isEmpty)
        #expect(schedule.registeredKeys.isEmpty)
    }

    @Test func reregisteringReplacesTheOldScheduleAtOnce() {
        var schedule = Schedule<String>(timeZone: utc)
        schedule.register("job", hourly, now: time(10, 30))
        schedule.register("job", daily, now: time(10, 30))
        #expect(schedule.nextWake() == time(6, day: 16))
        #expect(schedule.due(at: time(11)).isEmpty)
        #expect(schedule.due(at: time(6, day: 16)) == ["job"])
    }

    @Test func fireMissedWithinTheGraceTimeRunsOnceAtStart() {
        var schedule = Schedule<String>(timeZone: utc, missedFirePolicy: .fireOnce(grace: 3600))
        schedule.register("hourly", hourly, now: time(10, 30), lastFired: time(7))
        #expect(schedule.nextWake() == time(10, 30))
        #expect(schedule.due(at: time(10, 30)) == ["hourly"])
        #expect(schedule.nextWake() == time(11))
    }

    @Test func fireMissedLongerThanTheGraceTimeIsDropped() {
        var schedule = Schedule<String>(timeZone: utc, missedFirePolicy: .fireOnce(grace: 3600))
        schedule.register("daily", daily, now: time(10, 30), lastFired: time(6, day: 14))
        #expect(schedule.nextWake() == time(6, day: 16))
    }

    @Test func nothingMissedMeansNoExtraFire() {
        var schedule = Schedule<String>(timeZone: utc)
        schedule.register("hourly", hourly, now: time(10, 30), lastFired: time(10))
        #expect(schedule.nextWake() == time(11))
    }

    @Test func aFireStoredByACoreWhoseClockRanAheadIsNotRepeated() {
        var schedule = Schedule<String>(timeZone: utc)
        schedule.register("hourly", hourly, now: time(10, 59), lastFired: time(11))
        #expect(schedule.nextWake() == time(12))
        #expect(schedule.due(at: time(11)).isEmpty)
    }

    @Test func skipPolicyNeverMakesUpForMissedFires() {
        var schedule = Schedule<String>(timeZone: utc, missedFirePolicy: .skip)
        schedule.register("hourly", hourly, now: time(10, 30), lastFired: time(10, day: 14))
        #expect(schedule.nextWake() == time(11))
    }
}

@Suite("Event triggers")
struct EventTriggersTests {
    @Test func eventFiresTriggersOfItsTypeWhoseFilterMatches() {
        var triggers = EventTriggers<String>()
        triggers.register("any", messageType: "deployed", filter: nil)
        triggers.register("prod", messageType: "deployed", filter: ["env": "prod"])
        triggers.register("other", messageType: "built", filter: nil)
        #expect(Set(triggers.fired(by: Event(messageType: "deployed", data: ["env": "prod"]))) == ["any", "prod"])
        #expect(triggers.fired(by: Event(messageType: "deployed", data: ["env": "dev"])) == ["any"])
        #expect(triggers.fired(by: Event(messageType: "unknown")).isEmpty)
    }

    @Test func unregisteredOrReplacedTriggerNoLongerFiresOnItsOldType() {
        var triggers = EventTriggers<String>()
        triggers.register("t", messageType: "a", filter: nil)
        triggers.register("t", messageType: "b", filter: nil)
        #expect(triggers.fired(by: Event(messageType: "a")).isEmpty)
        #expect(triggers.fired(by: Event(messageType: "b")) == ["t"])
        triggers.unregister("t")
        #expect(triggers.fired(by: Event(messageType: "b")).isEmpty)
    }
}
