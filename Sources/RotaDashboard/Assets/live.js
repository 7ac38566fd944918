// The live event stream: one WebSocket to /events, reopened with backoff when it drops, the last
// 500 messages kept for the events page, the events of each run, and who connected when.

const tailLimit = 500;
const perRunLimit = 200;
const runsKept = 100;

const messageListeners = new Set();
const statusListeners = new Set();
const tail = [];
const eventsByRun = new Map();
const listenerSightings = new Map();
let socket = null;
let status = "connecting";
let retryDelay = 1000;
let retryTimer = null;
let wanted = false;
let sequence = 0;
const startedAt = new Date();

/** When this page began listening (the oldest event it can know). */
export function listeningSince() {
    return startedAt;
}

/** The connection's state: `connecting`, `open` or `closed`. */
export function connectionStatus() {
    return status;
}

/** Calls `listener(status, secondsUntilRetry)` when the connection's state changes. */
export function onStatus(listener) {
    statusListeners.add(listener);
    return () => statusListeners.delete(listener);
}

/** Calls `listener(message)` for each message received; answers a function that stops it. */
export function onMessage(listener) {
    messageListeners.add(listener);
    return () => messageListeners.delete(listener);
}

/** The messages received, oldest first (at most the last 500). */
export function recentMessages() {
    return tail.slice();
}

/** The messages seen with a run's id, oldest first. */
export function messagesOfRun(taskId) {
    return (eventsByRun.get(taskId) ?? []).slice();
}

/** Subscriber ids with the last connect or disconnect seen on the bus: `{connected, at}`. */
export function subscriberSightings() {
    return new Map(listenerSightings);
}

/** The run a message is about, if any (`task_started` names a workflow in `task`, not a run). */
export function runIdOf(message) {
    const data = message?.data;
    if (!data || typeof data !== "object") return null;
    if (typeof data.task_id === "string") return data.task_id;
    if (message.message_type !== "task_started" && typeof data.task === "string") return data.task;
    return null;
}

/** The message types that say a run changed. */
export function isRunEvent(message) {
    const type = message?.message_type ?? "";
    return ["task_start", "task_started", "task_end", "progress", "error"].includes(type) || type.startsWith("step_") || message?.kind?.startsWith?.("action");
}

/** Records the connection's state and tells the listeners. */
function setStatus(value, retrySeconds) {
    status = value;
    for (const listener of statusListeners) listener(value, retrySeconds);
}

/** Keeps a message in the tail, in its run's list, and notes connects and disconnects. */
function remember(message) {
    message.received = new Date();
    message.sequence = ++sequence;
    tail.push(message);
    if (tail.length > tailLimit) tail.splice(0, tail.length - tailLimit);
    const runId = runIdOf(message);
    if (runId) {
        let list = eventsByRun.get(runId);
        if (!list) {
            list = [];
            eventsByRun.set(runId, list);
            if (eventsByRun.size > runsKept) eventsByRun.delete(eventsByRun.keys().next().value);
        }
        list.push(message);
        if (list.length > perRunLimit) list.splice(0, list.length - perRunLimit);
    }
    const type = message.message_type;
    if ((type === "message-listener-connected" || type === "message-listener-disconnected") && message.data?.subscriber_id) {
        listenerSightings.set(String(message.data.subscriber_id), {
            connected: type === "message-listener-connected",
            at: message.received,
            channels: Array.isArray(message.data.channels) ? message.data.channels : null,
        });
    }
}

/** Opens the WebSocket and wires its messages and its end. */
function open() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (!wanted) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    setStatus("connecting");
    let current;
    try {
        current = new WebSocket(`${scheme}//${location.host}/events`);
    } catch {
        scheduleRetry();
        return;
    }
    socket = current;
    current.addEventListener("open", () => {
        if (socket !== current) return;
        retryDelay = 1000;
        setStatus("open");
    });
    current.addEventListener("message", (event) => {
        if (socket !== current) return;
        let message;
        try {
            message = JSON.parse(event.data);
        } catch {
            return;
        }
        if (!message || typeof message !== "object") return;
        remember(message);
        for (const listener of messageListeners) {
            try {
                listener(message);
            } catch (error) {
                console.warn("a live view failed on a message", error);
            }
        }
    });
    current.addEventListener("close", () => {
        if (socket !== current) return;
        socket = null;
        scheduleRetry();
    });
}

/** Opens the stream again after a delay that doubles up to 30 s. */
function scheduleRetry() {
    if (!wanted) {
        setStatus("closed");
        return;
    }
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, 30000);
    setStatus("closed", Math.round(delay / 1000));
    retryTimer = setTimeout(open, delay * (0.8 + Math.random() * 0.4));
}

/** Opens the stream (again at once, when it waits to retry). */
export function connect() {
    wanted = true;
    if (socket && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) return;
    retryDelay = 1000;
    open();
}

/** Closes the stream and stops reopening it (signed out). */
export function disconnect() {
    wanted = false;
    clearTimeout(retryTimer);
    const current = socket;
    socket = null;
    current?.close();
    setStatus("closed");
}

/**
 * Calls `action()` at most once per `interval` ms however often it is asked, and once more after
 * the last ask; answers the asking function with a `cancel` method.
 */
export function debounced(action, interval = 300) {
    let timer = null;
    let last = 0;
    const ask = () => {
        if (timer) return;
        const wait = Math.max(0, last + interval - Date.now());
        timer = setTimeout(() => {
            timer = null;
            last = Date.now();
            action();
        }, wait);
    };
    ask.cancel = () => {
        clearTimeout(timer);
        timer = null;
    };
    return ask;
}
