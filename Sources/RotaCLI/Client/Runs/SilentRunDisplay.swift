/// Shows nothing while the run goes on: `--json` prints the finished run at the end.
struct SilentRunDisplay: RunDisplay {
    mutating func show(_ changes: [RunWatch.Change], of watch: RunWatch) {}
    mutating func finish(_ watch: RunWatch) {}
}
