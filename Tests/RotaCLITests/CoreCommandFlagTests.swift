import RotaCore
import Testing

@testable import RotaCLI

/// `rota core` takes every setting of the core as a flag, as the configuration file and the
/// environment do, so that none is reachable in one place and missing in another.
@Suite("rota core flags")
struct CoreCommandFlagTests {
    @Test func everySettingIsAFlagOfRotaCore() {
        let help = CoreCommand.helpMessage(columns: 400)
        for setting in CoreConfiguration.settings {
            #expect(help.contains(setting.flag), "\(setting.flag) is missing from rota core")
        }
    }

    @Test func theLimitsAddedForHostileClientsAreReadFromTheirFlags() throws {
        let command = try CoreCommand.parse([
            "--max-subscribers", "7", "--save-timeout", "3s", "--cascade-depth", "4", "--queue-bytes", "1MiB", "--max-connections", "9",
        ])
        let settings = try command.resolveSettings()
        #expect(settings.maxSubscribers == 7)
        #expect(settings.saveTimeout == 3)
        #expect(settings.cascadeDepth == 4)
        #expect(settings.queueBytes == 1 << 20)
        #expect(settings.maxConnections == 9)
    }
}
