import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// Fix Inventory's own client library runs its start-up against Rota as fixworker does: it
/// finds no configuration and stores its defaults with their model, listens for
/// `config-updated`, registers a task handler on `/work/queue`, and reloads when a user changes
/// its configuration, all without an error in its log.
@Suite("fixlib's configuration and task queue against Rota")
struct ConfigFixlibTests {
    /// A program built like fixworker's start: a `Config` with one section, loaded from the
    /// core, and `CoreTasks` with a `tag` handler. It prints what it runs with whenever that changes.
    static let program = #"""
        import argparse, logging, signal, sys, threading
        from typing import ClassVar, List
        from attrs import define, field
        from fixlib.args import ArgumentParser
        from fixlib.config import Config
        from fixlib.core.tasks import CoreTaskHandler, CoreTasks

        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s", stream=sys.stdout)

        @define
        class ProbeConfig:
            kind: ClassVar[str] = "probe"
            collector: List[str] = field(factory=lambda: ["example"], metadata={"description": "collectors to run"})
            pool_size: int = field(default=5, metadata={"description": "collectors run at once"})

        core = sys.argv[1]
        ArgumentParser.args = argparse.Namespace(psk=None, config_override=[])
        config = Config("fix.probe", fixcore_uri=core)
        config.add_config(ProbeConfig)
        config.load_config()
        tag = CoreTaskHandler(name="tag", info="tag", description="Tag a resource", handler=lambda data: None, filter={"cloud": ["example"]})
        tasks = CoreTasks("probe-tasks", core.replace("http", "ws", 1), [tag])
        tasks.start()
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        last = None
        while not stopped.wait(0.05):
            # While fixlib reloads, the section is for a moment the plain dict it was read from.
            pool_size = getattr(config.probe, "pool_size", None)
            if pool_size is None:
                continue
            now = (pool_size, Config.running_config.revision, config.connected(), tasks.connected())
            if now != last:
                print(f"running pool_size={now[0]} revision={now[1]} listening={now[2]} queue={now[3]}", flush=True)
                last = now
        tasks.shutdown()
        config.shutdown()
        """#

    @Test func fixlibStoresItsDefaultsListensAndReloadsAChangedConfiguration() async throws {
        let python = try await FixlibPython.prepare()
        try await TestCore.with { core async throws in
            try await python.running(["-c", Self.program, core.baseURL]) { probe in
                try await eventually("fixlib to listen for config-updated and connect to /work/queue", within: 60) {
                    probe.output.contains("listening=True queue=True")
                }
                let stored = try await ConfigAPITests.send(core, .GET, "/config/fix.probe")
                #expect(stored.status == 200, "\(probe.output)")
                #expect(try stored.json() == ["probe": ["collector": ["example"], "pool_size": 5]])
                #expect(probe.output.contains("running pool_size=5 revision=\(stored.revision ?? "?")"), "\(probe.output)")

                // A change sent before the listener is in place is not seen: change again until one is.
                var reloaded = false
                for poolSize in 9..<15 where !reloaded {
                    let changed = try await ConfigAPITests.put(core, "fix.probe", ["probe": ["collector": ["example"], "pool_size": .int(Int64(poolSize))]])
                    let revision = try #require(changed.revision)
                    reloaded = (try? await eventually("fixlib to reload pool_size \(poolSize)", within: 10) {
                        probe.output.contains("running pool_size=\(poolSize) revision=\(revision)")
                    }) != nil
                }
                #expect(reloaded, "\(probe.output)")
                #expect(!probe.output.contains("ERROR"), "\(probe.output)")
                #expect(!probe.output.contains("Traceback"), "\(probe.output)")
            }
        }
    }
}
