import Foundation
import RotaCore
import RotaEngine
import Testing

/// `cascade_depth` is read from a flag, `ROTA_CASCADE_DEPTH` or the file, from 1 to its largest
/// value; a value outside says which setting and what to write.
@Suite("The cascade_depth setting")
struct CascadeDepthSettingTests {
    @Test func itDefaultsToEightAndIsReadFromEverySource() throws {
        #expect(try CoreConfiguration.resolve(flags: [:], environment: [:], file: nil).cascadeDepth == Cascade.defaultLimit)
        #expect(Cascade.defaultLimit == 8)
        #expect(try CoreConfiguration.resolve(flags: ["cascade_depth": "3"], environment: ["ROTA_CASCADE_DEPTH": "5"], file: nil).cascadeDepth == 3)
        #expect(try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_CASCADE_DEPTH": "5"], file: nil).cascadeDepth == 5)
        #expect(try CoreConfiguration.resolve(flags: [:], environment: [:], file: ("rota.yaml", "cascade_depth: 12")).cascadeDepth == 12)
    }

    @Test func theLargestValueIsAcceptedAndOneMoreIsRefusedNamingTheSetting() throws {
        let largest = CoreSettings.largestCascadeDepth
        #expect(try CoreConfiguration.resolve(flags: ["cascade_depth": "\(largest)"], environment: [:], file: nil).cascadeDepth == largest)
        #expect(try CoreConfiguration.resolve(flags: ["cascade_depth": "1"], environment: [:], file: nil).cascadeDepth == 1)
        for refused in ["\(largest + 1)", "0", "-1", "eight"] {
            let error = #expect(throws: ConfigurationError.self) {
                try CoreConfiguration.resolve(flags: ["cascade_depth": refused], environment: [:], file: nil)
            }
            #expect(error?.message.contains("--cascade-depth") == true, "\(refused)")
            #expect(error?.message.contains("from 1 to \(largest)") == true, "\(refused)")
        }
    }
}
