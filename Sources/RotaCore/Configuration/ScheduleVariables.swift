import RotaEngine

/// The `ROTA_SCHEDULE_<ID>` variables of an environment, matched to the default workflows.
///
/// A variable name is matched whatever its case, and `-` and `.` of a workflow id are written
/// `_` (the only characters a variable name may hold besides letters and digits): so
/// `ROTA_SCHEDULE_COLLECT_AND_CLEANUP` and `ROTA_SCHEDULE_collect_and_cleanup` both set the
/// schedule of `collect_and_cleanup`. A variable that names no default workflow is a warning.
struct ScheduleVariables {
    /// The prefix every schedule variable starts with.
    static let prefix = "ROTA_SCHEDULE_"

    /// The variable given for each default workflow, by workflow id.
    private let given: [String: String]
    /// What the core says at start about the variables that name no default workflow.
    let warnings: [String]

    /// Matches the schedule variables of `environment` to the default workflows.
    init(environment: [String: String]) {
        let ids = Dictionary(uniqueKeysWithValues: DefaultWorkflows.ids.map { (Self.name(of: $0), $0) })
        var given: [String: String] = [:]
        var warnings: [String] = []
        for variable in environment.keys.sorted() where variable.uppercased().hasPrefix(Self.prefix) {
            if let id = ids[variable.uppercased()] {
                if let earlier = given[id] {
                    warnings.append("\(variable) is ignored: \(earlier) sets the schedule of \(id) already")
                } else {
                    given[id] = variable
                }
            } else {
                warnings.append(
                    "\(variable) names no default workflow and is ignored; schedules can be set for "
                        + DefaultWorkflows.ids.sorted().map(Self.name(of:)).joined(separator: ", "))
            }
        }
        self.given = given
        self.warnings = warnings
    }

    /// The variable that sets the schedule of workflow `id`, when the environment holds one.
    func variable(of id: String) -> String? {
        given[id]
    }

    /// The name of the variable for workflow `id` as the docs write it: `ROTA_SCHEDULE_` and the
    /// id in upper case, with `-` and `.` written `_`.
    static func name(of id: String) -> String {
        prefix + id.uppercased().map { $0 == "-" || $0 == "." ? "_" : $0 }.map(String.init).joined()
    }
}
