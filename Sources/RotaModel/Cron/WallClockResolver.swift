import Foundation

/// Maps wall-clock times in a time zone to instants, with Rota's daylight-saving policy:
/// a wall time that occurs twice (clocks going back) stands for its first occurrence, and a
/// wall time that does not occur (clocks jumping forward) stands for the instant the jump ends.
struct WallClockResolver {
    /// Wider than any UTC offset a time zone has ever had, so every instant showing a given
    /// wall time lies within this many seconds of that wall time read as UTC.
    private static let offsetReach = 30 * 3600

    let timeZone: TimeZone

    /// Seconds since 1970-01-01 00:00 on the zone's wall clock at `instant`.
    func wallSeconds(at instant: Date) -> Int {
        Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
    }

    /// The instant (seconds since the Unix epoch) at which the zone's clock first shows
    /// `wallSeconds`, or, when it never does, the instant its clock jumps past it.
    ///
    /// Walks the stretches of constant UTC offset from well before the wall time to well after
    /// it, in time order; the first stretch whose clock shows the wall time gives the answer, and
    /// a stretch whose clock starts beyond it means the wall time fell in the gap before it.
    func firstInstant(showing wallSeconds: Int) -> Int {
        var stretchStart = wallSeconds - Self.offsetReach
        var offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(stretchStart)))
        while true {
            let candidate = wallSeconds - offset
            if candidate < stretchStart { return stretchStart }
            guard let transition = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(stretchStart))),
                  Int(transition.timeIntervalSince1970.rounded(.up)) <= candidate
            else { return candidate }
            stretchStart = Int(transition.timeIntervalSince1970.rounded(.up))
            offset = timeZone.secondsFromGMT(for: transition)
        }
    }
}
