import Foundation
import RotaTestSupport
import Testing

/// The dashboard in a real browser: each file of `Tests/Browser` (pytest and Playwright, in
/// Debian's headless Chromium) against real cores and actors, run by `scripts/browser/run-tests.sh`
/// with the `rota` binary these tests were built with. One file at a time, since each starts a
/// browser and cores of its own.
@Suite(.serialized) struct DashboardBrowserTests {
    /// The files of browser tests.
    static let files = [
        "test_harness.py", "test_runs_page.py", "test_run_page.py", "test_workflows_page.py", "test_other_pages.py", "test_login.py",
        "test_hostile_text.py",
    ]

    @Test(arguments: files)
    func theDashboardPassesItsBrowserTests(_ file: String) async throws {
        _ = try await PythonEnvironment.interpreter(
            preparedBy: "scripts/browser/python-env.sh", installing: "playwright and pytest", sourceLocation: #_sourceLocation)
        let script = PythonEnvironment.repositoryRoot.appendingPathComponent("scripts/browser/run-tests.sh").path
        let output = try await PythonEnvironment.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["ROTA_BIN=\(try RotaProcess.executable.path)", "bash", script, "Tests/Browser/\(file)"])
        #expect(output.status == 0, "\(file) failed:\n\(output.stdout)\n\(output.stderr)")
        #expect(output.stdout.contains(" passed"), "pytest ran no test of \(file):\n\(output.stdout)")
    }

    /// Every file of browser tests in the folder is run by this suite.
    @Test func everyFileOfBrowserTestsIsRun() throws {
        let folder = PythonEnvironment.repositoryRoot.appendingPathComponent("Tests/Browser")
        let found = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("test_") && $0.hasSuffix(".py") }
        #expect(Set(found) == Set(Self.files))
    }
}
