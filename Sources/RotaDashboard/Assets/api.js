// Requests to the core's REST API, with the session cookie, the CSRF header on every change, and
// the page-wide reactions to a refused session (401) and an unreachable core.

/** An answer of the core that is not a success, with the core's error code and message. */
export class APIError extends Error {
    constructor(status, code, message, body = null) {
        super(message);
        this.status = status;
        this.code = code;
        this.body = body;
    }
}

const listeners = { unauthorized: new Set(), reachability: new Set() };
let reachable = true;

/** Calls `listener()` whenever a request is answered 401. */
export function onUnauthorized(listener) {
    listeners.unauthorized.add(listener);
    return () => listeners.unauthorized.delete(listener);
}

/** Calls `listener(reachable, detail)` whenever the core becomes reachable or unreachable. */
export function onReachability(listener) {
    listeners.reachability.add(listener);
    return () => listeners.reachability.delete(listener);
}

/** Whether the last request reached the core. */
export function isReachable() {
    return reachable;
}

/** Notes whether the core answered, telling the listeners when that changes (and each time it fails). */
function setReachable(value, detail) {
    if (reachable === value && value) return;
    reachable = value;
    for (const listener of listeners.reachability) listener(value, detail);
}

/** Builds a path with query parameters, leaving out those that are null, undefined or "". */
function withQuery(path, parameters = {}) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(parameters)) {
        if (value === null || value === undefined || value === "") continue;
        for (const item of Array.isArray(value) ? value : [value]) query.append(name, String(item));
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
}

/** A path segment, escaped. */
export function segment(value) {
    return encodeURIComponent(String(value));
}

/**
 * Sends a request and answers its JSON body (null for an empty one). A body that is not a
 * string is sent as JSON. Throws APIError for an answer that is not a success.
 */
export async function request(method, path, body, { quiet401 = false } = {}) {
    const headers = { Accept: "application/json" };
    if (method !== "GET" && method !== "HEAD") headers["X-Rota-CSRF"] = "1";
    let payload;
    if (body !== undefined) {
        headers["Content-Type"] = "application/json";
        payload = typeof body === "string" ? body : JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(path, { method, headers, body: payload, credentials: "same-origin", cache: "no-store" });
    } catch (error) {
        setReachable(false, "The core cannot be reached.");
        throw new APIError(0, "unreachable", "The core cannot be reached.");
    }
    const text = await response.text();
    let data = null;
    if (text) {
        try {
            data = JSON.parse(text);
        } catch {
            data = text;
        }
    }
    if (response.status === 502 || response.status === 504) {
        setReachable(false, `The core cannot be reached (${response.status}).`);
    } else {
        setReachable(true);
    }
    if (response.status === 401 && !quiet401) {
        for (const listener of listeners.unauthorized) listener();
    }
    if (!response.ok) {
        const code = data && typeof data === "object" ? data.error : undefined;
        const message = data && typeof data === "object" && data.message ? data.message : `${method} ${path}: ${response.status} ${response.statusText}`;
        throw new APIError(response.status, code ?? String(response.status), message, data);
    }
    return data;
}

/** GET a path. */
export function get(path, parameters) {
    return request("GET", withQuery(path, parameters));
}

/** POST to a path. */
export function post(path, body) {
    return request("POST", path, body);
}

/** PATCH a path. */
export function patch(path, body) {
    return request("PATCH", path, body);
}

/** DELETE a path. */
export function remove(path) {
    return request("DELETE", path);
}

/** The session: whether the core asks for a key and whether this browser has signed in. */
export async function sessionState() {
    try {
        return await request("GET", "/ui/session", undefined, { quiet401: true });
    } catch (error) {
        if (error.status === 401) return { psk_required: true, authenticated: false };
        if (error.status === 404) return { psk_required: false, authenticated: true };
        throw error;
    }
}

/** Signs in with the pre-shared key; answers whether the core took it. The key is not kept. */
export async function signIn(key) {
    try {
        await request("POST", "/ui/session", { key }, { quiet401: true });
        return true;
    } catch (error) {
        if (error.status === 401) return false;
        throw error;
    }
}

/** Signs out: the core clears the session cookie. */
export async function signOut() {
    await request("DELETE", "/ui/session", undefined, { quiet401: true });
}
