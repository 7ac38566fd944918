/// The durations of many repetitions of one measured input, in nanoseconds.
struct Samples {
    private(set) var nanoseconds: [Double] = []

    /// Adds the duration of one repetition.
    mutating func append(_ duration: Duration) {
        let parts = duration.components
        nanoseconds.append(Double(parts.seconds) * 1e9 + Double(parts.attoseconds) / 1e9)
    }

    /// The value below which `fraction` of the samples lie (nearest rank).
    func percentile(_ fraction: Double) -> Double {
        let sorted = nanoseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var median: Double { percentile(0.5) }
    var p99: Double { percentile(0.99) }
}
