import Foundation
import RotaCore
import Testing

/// Sizes in the settings (`max_frame_size`, `queue_bytes`, `max_merge_size`, ...) are read with
/// their units, and a size too large to hold is refused instead of stopping the core.
@Suite("Size settings")
struct SizeSettingTests {
    @Test func sizesAreReadWithTheirUnits() throws {
        let settings = try CoreConfiguration.resolve(
            flags: ["max_frame_size": "2MiB", "max_body_size": "512KiB", "queue_bytes": "3MB"], environment: [:], file: nil)
        #expect(settings.maxFrameSize == 2 << 20)
        #expect(settings.maxBodySize == 512 << 10)
        #expect(settings.queueBytes == 3_000_000)
    }

    @Test func aSizeTooLargeToHoldIsRefusedNamingTheSetting() throws {
        for refused in ["\(Int.max)GiB", "9223372036854775807MiB", "10000000000GB"] {
            let error = #expect(throws: ConfigurationError.self) {
                try CoreConfiguration.resolve(flags: ["max_merge_size": refused], environment: [:], file: nil)
            }
            #expect(error?.message.contains("max-merge-size") == true, "\(refused)")
        }
        let largest = try CoreConfiguration.resolve(flags: ["max_merge_size": "\(Int.max)B"], environment: [:], file: nil)
        #expect(largest.maxMergeSize == Int.max)
    }
}
