// Formatting of times, durations and numbers for display, in the browser's time zone.

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const localTimeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

/** Parses an API time (ISO-8601) into a Date, or null when absent or unreadable. */
export function parseTime(value) {
    if (value === null || value === undefined || value === "") return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
}

/** A time in the browser's time zone; the same day shows the time alone. */
export function localText(date) {
    if (!date) return "—";
    const now = new Date();
    const sameDay = date.toDateString() === now.toDateString();
    return sameDay ? localTimeOnly.format(date) : localFormat.format(date);
}

/** The UTC form of a time, shown on hover. */
export function utcText(date) {
    if (!date) return "";
    return date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z").replace("Z", " UTC");
}

/** A duration in seconds as `850 ms`, `12.4 s`, `3 min 04 s` or `2 h 05 min`. */
export function durationText(seconds) {
    if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
    const value = Math.max(0, seconds);
    if (value < 1) return `${Math.round(value * 1000)} ms`;
    if (value < 60) return `${value.toFixed(value < 10 ? 1 : 0)} s`;
    const whole = Math.floor(value);
    if (whole < 3600) return whole % 60 ? `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s` : `${whole / 60} min`;
    if (whole < 86400) return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")} min`;
    return `${Math.floor(whole / 86400)} d ${String(Math.floor((whole % 86400) / 3600)).padStart(2, "0")} h`;
}

/** Seconds between two dates (the second defaults to now). */
export function secondsBetween(start, end) {
    if (!start) return null;
    return ((end ?? new Date()).getTime() - start.getTime()) / 1000;
}

/** A count with the browser's digit grouping. */
export function countText(value) {
    if (typeof value !== "number") return value === null || value === undefined ? "—" : String(value);
    return value.toLocaleString();
}

/** A value of any JSON type on one line, cut at `limit` characters. */
export function oneLine(value, limit = 160) {
    let text;
    try {
        text = typeof value === "string" ? value : JSON.stringify(value);
    } catch {
        text = String(value);
    }
    if (text === undefined) text = "";
    return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
