import Foundation

/// The workflows the crash test runs, written as definition files into the folder the core
/// loads with `--workflows`.
enum CrashWorkflows {
    /// The workflow the test starts: every step an action that every actor must answer.
    static let stepsWorkflow = "crash_steps"
    /// The workflow the core's cron starts every minute.
    static let cronWorkflow = "crash_cron"
    /// The steps of `stepsWorkflow`, in order; each performs the action of the same name.
    static let steps = ["crash_prepare", "crash_collect", "crash_plan", "crash_clean"]
    /// The one step of `cronWorkflow`.
    static let cronStep = "crash_tick"
    /// Every message type the actors subscribe to.
    static let messageTypes = steps + [cronStep]
    /// How long a step may take: longer than any restart, so that a step times out only when an
    /// answer or an action was lost.
    static let stepTimeout = 60

    /// Writes the two definitions into `folder`.
    static func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stepLines = steps.map { step in
            """
              - name: \(step)
                action: {message_type: \(step)}
                timeout: \(stepTimeout)
                on_error: Stop
            """
        }
        let stepsDefinition = """
            id: \(stepsWorkflow)
            on_surpass: Parallel
            steps:
            \(stepLines.joined(separator: "\n"))

            """
        let cronDefinition = """
            id: \(cronWorkflow)
            on_surpass: Parallel
            triggers:
              - cron_expression: "* * * * *"
            steps:
              - name: \(cronStep)
                action: {message_type: \(cronStep)}
                timeout: \(stepTimeout)
                on_error: Stop

            """
        try stepsDefinition.write(to: folder.appendingPathComponent("\(stepsWorkflow).yaml"), atomically: true, encoding: .utf8)
        try cronDefinition.write(to: folder.appendingPathComponent("\(cronWorkflow).yaml"), atomically: true, encoding: .utf8)
    }
}
