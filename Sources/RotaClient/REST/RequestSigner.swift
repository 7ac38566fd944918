import Dispatch
import RotaAuth
import Synchronization

/// Makes the `Authorization` header of every request to a core with a pre-shared key. The
/// `TokenSigner` is made once, on first use, on a dispatch queue: its key derivation takes tens of
/// milliseconds on purpose and must not hold a thread of the concurrency pool.
final class RequestSigner: Sendable {
    private let psk: String?
    private let signer = Mutex<Task<TokenSigner, Never>?>(nil)

    init(psk: String?) {
        self.psk = psk
    }

    /// `Bearer <token>`, or nil when there is no pre-shared key.
    func authorizationHeader() async -> String? {
        guard let psk else { return nil }
        let task = signer.withLock { signer in
            if let signer { return signer }
            let task = Task {
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().async { continuation.resume(returning: TokenSigner(key: PreSharedKey(psk))) }
                }
            }
            signer = task
            return task
        }
        return await task.value.authorizationHeader()
    }
}
