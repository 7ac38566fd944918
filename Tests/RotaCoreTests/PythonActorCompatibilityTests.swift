import Foundation
import RotaClient
import RotaModel
import RotaTestSupport
import Testing

/// Actors written for Resoto / Fix Inventory attach to Rota unchanged: fixinventorylib 4.1.0's
/// `CoreActions`, run as fixworker runs it, performs a whole workflow.
@Suite("An actor built on fixinventorylib runs a workflow")
struct PythonActorCompatibilityTests {
    static let collectSteps = ["pre_collect", "collect", "post_collect", "pre_generate_metrics", "generate_metrics", "post_generate_metrics"]

    /// Without a key, with one, and over TLS (https and wss, the test CA given to fixlib as
    /// fixworker's `--ca-cert`).
    @Test(arguments: [(nil, false), ("shared secret", false), (nil, true)] as [(String?, Bool)])
    func coreActionsOfFixlibPerformsTheCollectWorkflow(psk: String?, overTLS: Bool) async throws {
        let python = try await FixlibPython.prepare()
        let certificates = try TestCertificates.make()
        try await TestCore.with(clientTLS: ClientTLS(certificateAuthorityPath: certificates.authority), configure: { settings in
            settings.psk = psk
            if overTLS {
                settings.tlsCertificatePath = certificates.server.certificate
                settings.tlsKeyPath = certificates.server.key
            }
        }) { core in
            #expect(core.baseURL.hasPrefix(overTLS ? "https://localhost:" : "http://"))
            let script = FixlibPython.repositoryRoot.appendingPathComponent("scripts/compat/fixlib_actor.py").path
            var arguments = [script, core.baseURL, "fixlib-actor", Self.collectSteps.joined(separator: ",")]
            if let psk { arguments += ["--psk", psk] }
            if overTLS { arguments += ["--ca-cert", certificates.authority] }
            try await python.running(arguments) { actor in
                let api = core.client()
                try await api.waitUntilSubscribed("fixlib-actor", count: Self.collectSteps.count)
                let taskId = try await api.run("collect")
                let history = try await api.finishedRun(taskId, within: 60)
                #expect(history["success"] == true, "\(actor.output)")
                #expect(history["errors"] == 0)
                #expect(history["steps"]?.arrayValue?.map { $0["state"] } == Array(repeating: "succeeded", count: 6))
            }
        }
    }
}
