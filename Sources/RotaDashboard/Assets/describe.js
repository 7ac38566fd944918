// Short descriptions of the parts of definitions (a step's action, a trigger, a job's trigger) and
// of the events that tell how a step with `retry` goes.

import { durationText } from "/ui/assets/format.js";

/** What a step does, in a few words: `action collect`, `wait for event x`, `emit event y`, `command z`. */
export function actionText(action) {
    if (!action || typeof action !== "object") return "—";
    if (typeof action.message_type === "string") return `action ${action.message_type}`;
    if (typeof action.wait_for_message_type === "string") {
        const filter = action.filter_data && Object.keys(action.filter_data).length ? ` matching ${JSON.stringify(action.filter_data)}` : "";
        return `wait for event ${action.wait_for_message_type}${filter}`;
    }
    if (action.event && typeof action.event === "object") return `emit event ${action.event.message_type ?? "?"}`;
    if (typeof action.command === "string") return `command ${action.command}`;
    return JSON.stringify(action);
}

/** A trigger in a few words: `cron 0 * * * *` or `event start_x`. */
export function triggerText(trigger) {
    if (!trigger || typeof trigger !== "object") return "—";
    if (typeof trigger.cron_expression === "string") return `cron ${trigger.cron_expression}`;
    if (typeof trigger.message_type === "string") {
        const filter = trigger.filter_data && Object.keys(trigger.filter_data).length ? ` matching ${JSON.stringify(trigger.filter_data)}` : "";
        return `event ${trigger.message_type}${filter}`;
    }
    return JSON.stringify(trigger);
}

/**
 * A `step_retry` event's data in words: `step collect: attempt 1 failed (reason); attempt 2 in
 * 10 s`; null when it lacks the step or the attempt (any client may send such an event).
 */
export function retryText(data) {
    if (!data || typeof data !== "object" || typeof data.step !== "string" || !Number.isSafeInteger(data.attempt)) return null;
    const reason = typeof data.reason === "string" && data.reason ? ` (${data.reason})` : "";
    const wait = Number(data.retry_in);
    const when = Number.isFinite(wait) && wait > 0 ? `in ${durationText(Math.min(wait, 365 * 86400))}` : "at once";
    return `step ${data.step}: attempt ${data.attempt} failed${reason}; attempt ${data.attempt + 1} ${when}`;
}

/** The workflows Rota ships, whose schedule can be set through the API. */
export const defaultWorkflowIds = new Set(["collect", "cleanup", "metrics", "collect_and_cleanup"]);
