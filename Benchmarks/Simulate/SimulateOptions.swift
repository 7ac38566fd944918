/// What `rota-simulate` was asked: one seed to replay, or a number of scenarios to run.
enum SimulateOptions {
    /// Replay the scenario of one seed and print it.
    case replay(seed: UInt64)
    /// Run `count` scenarios from seed `firstSeed` on.
    case run(count: Int, firstSeed: UInt64)

    static let usage = """
        usage: rota-simulate --seed N                    replay one scenario and print it
               rota-simulate --scenarios K [--from-seed S]  run K scenarios (from seed S, default 1)
        """

    /// The options in `arguments` (without the program's name); nil when they make no sense.
    init?(_ arguments: [String]) {
        var values: [String: String] = [:]
        var rest = arguments[...]
        while let name = rest.popFirst() {
            guard ["--seed", "--scenarios", "--from-seed"].contains(name), values[name] == nil, let value = rest.popFirst() else { return nil }
            values[name] = value
        }
        switch (values["--seed"], values["--scenarios"], values["--from-seed"]) {
        case (let seed?, nil, nil):
            guard let seed = UInt64(seed) else { return nil }
            self = .replay(seed: seed)
        case (nil, let count?, let first):
            guard let count = Int(count), count > 0, let firstSeed = UInt64(first ?? "1") else { return nil }
            self = .run(count: count, firstSeed: firstSeed)
        default:
            return nil
        }
    }
}
