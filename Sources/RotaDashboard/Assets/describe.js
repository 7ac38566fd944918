// Short descriptions of the parts of definitions: a step's action, a trigger, a job's trigger.

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

/** The workflows Rota ships, whose schedule can be set through the API. */
export const defaultWorkflowIds = new Set(["collect", "cleanup", "metrics", "collect_and_cleanup"]);
