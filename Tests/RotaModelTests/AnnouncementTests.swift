import RotaModel
import Testing

@Suite struct AnnouncementTests {
    @Test func waitersBeforeAndAfterTheAnnouncementGetTheValue() async throws {
        let announcement = Announcement<Int>()
        let early = Task { try await announcement.value() }
        await Task.yield()
        announcement.announce(8900)
        announcement.announce(1)
        #expect(try await early.value == 8900)
        #expect(try await announcement.value() == 8900)
    }

    @Test func aCancelledWaitEndsWithCancellationError() async {
        let announcement = Announcement<Int>()
        let waiting = Task { try await announcement.value() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }

    @Test func aCancelledWaitDoesNotKeepTheAnnouncementFromOthers() async throws {
        let announcement = Announcement<Int>()
        let cancelled = Task { try await announcement.value() }
        let waiting = Task { try await announcement.value() }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        announcement.announce(7)
        #expect(try await waiting.value == 7)
    }
}
