import Logging
import WSCore

/// A `/work/queue` connection, where Fix Inventory's actors (`fixlib`'s `CoreTasks`) register
/// the task handlers they offer (the worker's `tag`) and wait for work. Rota has no such tasks:
/// the connection stays open, what the client sends is read and dropped, and nothing is ever
/// sent, so the client waits quietly instead of reconnecting in a loop. Frames are bounded as on
/// the other sockets: a breach closes the connection with its reason.
struct WorkQueueSocket {
    let parts: CoreParts

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async {
        let socket = MessageSocket(outbound: outbound, metrics: parts.metrics)
        do {
            try await socket.receive(inbound, maxSize: parts.settings.maxFrameSize) { _ in }
        } catch {
            logger.debug("work queue connection ended: \(error)")
        }
    }
}
