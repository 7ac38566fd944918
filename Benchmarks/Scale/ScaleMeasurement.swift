import Foundation
import RotaBenchmarkSupport
import RotaCore
import RotaModel
import RotaStore

#if canImport(Glibc)
    import Glibc
#endif

/// The figures of one size: memory, and the cost of each kind of input.
struct ScaleFigures {
    let size: Int
    /// How long defining the workflows and starting the runs took, in seconds.
    let setupSeconds: Double
    /// Resident memory the workflows and runs added, in bytes.
    let residentGrowth: Int
    let tickNothingDue: Samples
    let tickSomeDue: Samples
    let eventUnmatched: Samples
    let eventStartsRun: Samples
    let eventWakesRun: Samples
}

/// Builds one `CoreMachine` with `size` cron workflows and as many runs waiting for events, and
/// times single inputs to it, many times over.
///
/// Each repetition is one simulated minute of day 1 of the month, when no background trigger is
/// due: a tick on the minute (the `dueCount` every-minute workflows are due), a tick 20 s later
/// (nothing is due), a client event that matches nothing, the event `kick` (starts one run), and
/// the event one background run waits for (the run ends; it is started again, untimed). Each
/// figure covers the input and the store report of the batch it led to. An untimed tick a second
/// before each input, when nothing is due, lets the machine free the actions of the input before
/// (it holds them until its next input), so that no figure carries the previous one's.
struct ScaleMeasurement {
    let workload: ScaleWorkload
    let warmUp: Int
    let repeats: Int

    /// Runs the measurement.
    func run() throws -> ScaleFigures {
        let clock = ContinuousClock()
        trimHeap()
        let before = ProcessMemory.of("self").resident
        let setupStarted = clock.now
        var driver = MachineDriver()
        driver.handle(
            .restore(CoreRestore(workflows: try workload.workflows().map { Versioned($0, version: 1) }, subscribers: SubscriberDirectory())),
            at: ScaleWorkload.start)
        for index in 0..<workload.size {
            _ = try driver.start(ScaleWorkload.backgroundId(index), at: ScaleWorkload.start)
        }
        let setupSeconds = Self.seconds(clock.now - setupStarted)
        guard driver.machine.runningCount == workload.size else {
            throw BenchmarkFailure("\(driver.machine.runningCount) runs are active, not \(workload.size)")
        }
        trimHeap()
        let residentGrowth = ProcessMemory.of("self").resident - before

        var tickSomeDue = Samples()
        var tickNothingDue = Samples()
        var eventUnmatched = Samples()
        var eventStartsRun = Samples()
        var eventWakesRun = Samples()
        var generator = SystemRandomNumberGenerator()
        for repetition in 0..<(warmUp + repeats) {
            let measured = repetition >= warmUp
            let minute = ScaleWorkload.start.addingTimeInterval(Double(repetition + 1) * 60)
            let woken = Int.random(in: 0..<workload.size, using: &generator)
            let inputs: [(CoreInput, TimeInterval)] = [
                (.tick, 0),
                (.tick, 20),
                (.message(.event(Event(messageType: ScaleWorkload.unmatched)), from: .client), 25),
                (.message(.event(Event(messageType: ScaleWorkload.kick)), from: .client), 30),
                (.message(.event(Event(messageType: ScaleWorkload.readyEvent(woken))), from: .client), 35),
            ]
            var durations: [Duration] = []
            for (input, offset) in inputs {
                let now = minute.addingTimeInterval(offset)
                driver.handle(.tick, at: now.addingTimeInterval(-1))
                let started = clock.now
                driver.handle(input, at: now)
                durations.append(clock.now - started)
            }
            guard driver.machine.runningCount == workload.size - 1 else {
                throw BenchmarkFailure("the event ready-\(woken) did not end its run: \(driver.machine.runningCount) runs are active")
            }
            _ = try driver.start(ScaleWorkload.backgroundId(woken), at: minute.addingTimeInterval(40))
            guard measured else { continue }
            tickSomeDue.append(durations[0])
            tickNothingDue.append(durations[1])
            eventUnmatched.append(durations[2])
            eventStartsRun.append(durations[3])
            eventWakesRun.append(durations[4])
        }
        return ScaleFigures(
            size: workload.size, setupSeconds: setupSeconds, residentGrowth: residentGrowth, tickNothingDue: tickNothingDue,
            tickSomeDue: tickSomeDue, eventUnmatched: eventUnmatched, eventStartsRun: eventStartsRun, eventWakesRun: eventWakesRun)
    }

    /// Hands memory freed by an earlier size back to the system (glibc's `malloc_trim`, looked
    /// up at run time as Swift's Glibc module does not declare it), so that resident memory
    /// counts only what is alive.
    private func trimHeap() {
        #if canImport(Glibc)
            guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") else { return }
            typealias MallocTrim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
