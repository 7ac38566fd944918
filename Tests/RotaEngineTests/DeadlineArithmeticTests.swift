import Foundation
import Testing

@testable import RotaEngine
@testable import RotaModel

/// A step's deadline stays within `TimeoutRange` whatever timeout a run or a subscription stored
/// before the range was enforced holds, so a run's state always has a deadline that can be
/// written and read back.
@Suite("Deadlines of steps")
struct DeadlineArithmeticTests {
    static let storedBeforeTheRange: [Double] = [1e19, .infinity, .nan, 1e300]

    @Test(arguments: [1e19, .infinity, 1e300])
    func aSubscriptionsTimeoutOutOfRangeGivesTheLongestDeadline(timeout: Double) {
        let workflow = Fixture.workflow(.performing("collect", timeout: 60))
        let (task, _) = Fixture.started(workflow, Fixture.directory(["a"], to: ["collect"], timeout: timeout))
        #expect(task.deadline == Fixture.at(TimeoutRange.maximum))
    }

    @Test func aSubscriptionsTimeoutThatIsNotANumberLeavesTheStepsOwn() {
        let workflow = Fixture.workflow(.performing("collect", timeout: 60))
        let (task, _) = Fixture.started(workflow, Fixture.directory(["a"], to: ["collect"], timeout: .nan))
        #expect(task.deadline == Fixture.at(60))
    }

    @Test(arguments: storedBeforeTheRange)
    func aStepsTimeoutOutOfRangeGivesTheLongestDeadline(timeout: Double) {
        let waiting = Fixture.workflow(Step(name: "wait", action: .waitForEvent(messageType: "go", filter: [:]), timeout: timeout))
        #expect(Fixture.started(waiting, Fixture.directory([], to: [])).0.deadline == Fixture.at(TimeoutRange.maximum))
        let command = Fixture.workflow(Step(name: "run", action: .executeCommand("events emit e"), timeout: timeout))
        #expect(Fixture.started(command, Fixture.directory([], to: [])).0.deadline == Fixture.at(TimeoutRange.maximum))
    }

    @Test func aNegativeTimeoutEndsTheStepAtTheNextTick() {
        let waiting = Fixture.workflow(Step(name: "wait", action: .waitForEvent(messageType: "go", filter: [:]), timeout: -5))
        #expect(Fixture.started(waiting, Fixture.directory([], to: [])).0.deadline == Fixture.t0)
    }
}
