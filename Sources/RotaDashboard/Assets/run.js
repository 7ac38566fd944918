// One run: its state, a Gantt chart of its steps with their subscribers and attempts, its progress
// tree, log, input and the events seen with its id; live while it runs.

import * as api from "/ui/assets/api.js";
import * as live from "/ui/assets/live.js";
import { el, emptyState, replaceChildren, setAttr, setText, syncList, timeElement, updateTime } from "/ui/assets/dom.js";
import { retryText } from "/ui/assets/describe.js";
import { durationText, localText, oneLine, parseTime, secondsBetween, utcText } from "/ui/assets/format.js";
import { stateBadge, stopRun } from "/ui/assets/runs.js";
import { toYAML } from "/ui/assets/yaml.js";

const logLimit = 1000;

/** What a subscriber's answer means, for its chip. */
const answerLabels = { done: "done", error: "error", timed_out: "timed out", pending: "waiting" };

/** A step's time span in ms since the epoch: `[start, end]`, end null while it runs. */
function stepSpan(step) {
    const start = parseTime(step.started_at);
    const end = parseTime(step.ended_at);
    return [start?.getTime() ?? null, end?.getTime() ?? null];
}

/** How many times a step was tried, as the core reports it; 1 for a step of a core without retries that began. */
function attemptsOf(step) {
    if (Number.isSafeInteger(step.attempts) && step.attempts >= 0) return step.attempts;
    return step.started_at ? 1 : 0;
}

/**
 * What a step's attempts add to its line: the attempt a running step is on, how many an ended
 * one took, and when the next begins while it waits after a failed attempt (`retryAt`, a Date).
 */
function attemptsText(step, retryAt) {
    const attempts = attemptsOf(step);
    if (retryAt) return `attempt ${attempts} failed, next in ${durationText(Math.max(0, (retryAt.getTime() - Date.now()) / 1000))}`;
    if (attempts <= 1) return "";
    return step.state === "running" ? `attempt ${attempts}` : `${attempts} attempts`;
}

/** The progress tree of docs/PROTOCOL.md as nested lists. */
function progressTree(report) {
    if (!report || typeof report !== "object") return null;
    const name = el("span", { class: "tree-name" }, report.name ?? "");
    if (report.kind === "progress") {
        const total = Number(report.total) || 0;
        const current = Number(report.current) || 0;
        const percent = total > 0 ? Math.round((current / total) * 100) : 0;
        const fill = el("span", { class: "progress-fill" });
        fill.style.width = `${percent}%`;
        return el(
            "li",
            {},
            name,
            " ",
            el("span", { class: "progress small", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(percent), "aria-label": `${report.name ?? ""} progress` }, fill),
            el("span", { class: "muted" }, ` ${current.toLocaleString()} / ${total.toLocaleString()}`),
        );
    }
    const parts = Array.isArray(report.parts) ? report.parts : [];
    return el("li", {}, name, parts.length ? el("ul", {}, parts.map(progressTree)) : null);
}

/** Draws one run into `container`; answers the function that ends it. */
export function mount(container, taskId) {
    let alive = true;
    let run = null;
    let loadedOnce = false;

    const title = el("h1", {}, "Run ", el("span", { class: "mono" }, taskId));
    const state = el("span", { class: "badge", "data-testid": "run-state" }, "loading");
    const workflowLink = el("a", {});
    const started = timeElement(null);
    const ended = timeElement(null);
    const duration = el("span", { class: "mono" });
    const errors = el("span", {});
    const reason = el("span", {});
    const reasonLabel = el("dt", {}, "Reason");
    const waiting = el("span", {});
    const stopSlot = el("span", { class: "stop-slot" });
    const status = el("p", { class: "status-line", role: "status", "aria-live": "polite" });
    const summary = el(
        "dl",
        { class: "facts" },
        el("div", {}, el("dt", {}, "State"), el("dd", {}, state)),
        el("div", {}, el("dt", {}, "Workflow"), el("dd", {}, workflowLink)),
        el("div", {}, el("dt", {}, "Started"), el("dd", {}, started)),
        el("div", {}, el("dt", {}, "Ended"), el("dd", {}, ended)),
        el("div", {}, el("dt", {}, "Duration"), el("dd", {}, duration)),
        el("div", {}, el("dt", {}, "Errors"), el("dd", {}, errors)),
        el("div", {}, el("dt", {}, "Waiting for"), el("dd", {}, waiting)),
        el("div", { class: "wide" }, reasonLabel, el("dd", {}, reason)),
    );

    const axisStart = el("span", {});
    const axisEnd = el("span", {});
    const ganttRows = el("div", { class: "gantt-rows" });
    const gantt = el("div", { class: "gantt", "data-testid": "gantt", role: "list", "aria-label": "Steps over time" }, el("div", { class: "gantt-axis", "aria-hidden": "true" }, axisStart, axisEnd), ganttRows);
    const ganttLegend = el(
        "p",
        { class: "legend muted" },
        ["succeeded", "running", "failed", "timed_out", "stopped", "pending"].map((name) => el("span", { class: `legend-item state-${name}` }, el("span", { class: "legend-swatch" }), name.replace("_", " "))),
    );
    const tree = el("div", { class: "progress-tree", "data-testid": "progress-tree" });
    const input = el("div", { class: "run-input", "data-testid": "run-input" });
    const logBody = el("tbody");
    const logNote = el("p", { class: "muted list-note" });
    const log = el(
        "div",
        { class: "run-log", "data-testid": "run-log" },
        el("div", { class: "table-scroll" }, el("table", { class: "data-table log-table" }, el("thead", {}, el("tr", {}, ["Time", "Level", "Step", "Subscriber", "Message"].map((name) => el("th", { scope: "col" }, name)))), logBody)),
        logNote,
    );
    const eventsList = el("ul", { class: "event-list" });
    const eventsNote = el("p", { class: "muted list-note" });
    const events = el("div", { class: "run-events", "data-testid": "run-events" }, el("p", { class: "muted" }, `Events seen on the live stream with this run's id since this page was loaded (${localText(live.listeningSince())}); the core does not keep them for the page, so earlier ones are not shown.`), eventsList, eventsNote);

    container.append(
        el("p", { class: "breadcrumb" }, el("a", { href: "#/runs" }, "Runs"), " / ", taskId),
        el("div", { class: "title-row" }, title, stopSlot),
        status,
        el("section", { class: "panel" }, summary),
        el("section", { class: "panel", "aria-labelledby": "gantt-title" }, el("h2", { id: "gantt-title" }, "Steps"), gantt, ganttLegend),
        el(
            "div",
            { class: "columns" },
            el("section", { class: "panel", "aria-labelledby": "tree-title" }, el("h2", { id: "tree-title" }, "Progress"), tree),
            el("section", { class: "panel", "aria-labelledby": "input-title" }, el("h2", { id: "input-title" }, "Input"), input),
        ),
        el("section", { class: "panel", "aria-labelledby": "log-title" }, el("h2", { id: "log-title" }, "Log"), log),
        el("section", { class: "panel", "aria-labelledby": "events-title" }, el("h2", { id: "events-title" }, "Events"), events),
    );

    const stopButton = el("button", { type: "button", class: "danger", "data-testid": "stop-run" }, "Stop run");
    stopButton.addEventListener("click", async () => {
        stopButton.disabled = true;
        try {
            setText(status, await stopRun(taskId));
            refreshSoon();
        } catch (error) {
            setText(status, `The run could not be stopped: ${error.message}`);
        } finally {
            stopButton.disabled = false;
        }
    });

    /** A row of the Gantt chart for one step, filled by updateBarRow. */
    function makeBarRow(step) {
        const label = el("div", { class: "gantt-label" }, el("span", { class: "gantt-step" }), el("span", { class: "gantt-meta muted" }));
        const bar = el("div", { class: "gantt-bar", "data-testid": "gantt-bar", role: "img", tabindex: "0" }, el("span", { class: "gantt-mark", "aria-hidden": "true" }));
        const track = el("div", { class: "gantt-track" }, bar);
        const subscribers = el("ul", { class: "gantt-subscribers", "aria-label": "Subscribers" });
        const row = el("div", { class: "gantt-row", role: "listitem" }, label, el("div", { class: "gantt-lane" }, track, subscribers));
        row.parts = { name: label.firstChild, meta: label.lastChild, bar, mark: bar.firstChild, subscribers };
        return row;
    }

    /**
     * Places a step's bar on the time scale and lists its subscribers' answers; `retryAt` is when
     * the step's next attempt begins while it waits for one.
     */
    function updateBarRow(row, step, scale, retryAt) {
        const { name, meta, bar, mark, subscribers } = row.parts;
        setText(name, step.name);
        setAttr(bar, "data-step", step.name);
        setAttr(bar, "data-state", step.state);
        setAttr(bar, "data-attempts", String(attemptsOf(step)));
        setAttr(bar, "data-retry-at", retryAt ? retryAt.toISOString() : null);
        bar.className = `gantt-bar state-${step.state}${retryAt ? " waiting-retry" : ""}`;
        const [start, end] = stepSpan(step);
        const seconds = start === null ? null : ((end ?? scale.now) - start) / 1000;
        const errorsText = step.errors ? `, ${step.errors} error${step.errors === 1 ? "" : "s"}` : "";
        const attempts = attemptsText(step, retryAt);
        setText(meta, `${step.state.replace("_", " ")}${seconds === null ? "" : `, ${durationText(seconds)}`}${errorsText}${attempts ? `, ${attempts}` : ""}`);
        meta.classList.toggle("has-errors", Boolean(step.errors));
        if (start === null) {
            bar.style.left = "";
            bar.style.width = "";
            bar.classList.add("not-started");
        } else {
            const left = ((start - scale.start) / scale.span) * 100;
            const width = (((end ?? scale.now) - start) / scale.span) * 100;
            bar.style.left = `${Math.max(0, Math.min(100, left)).toFixed(3)}%`;
            bar.style.width = `${Math.max(0, Math.min(100 - Math.max(0, left), width)).toFixed(3)}%`;
            bar.classList.remove("not-started");
        }
        setText(mark, step.errors ? "!" : "");
        const hover = [
            `${step.name}: ${step.state.replace("_", " ")}`,
            start !== null ? `started ${localText(new Date(start))} (${utcText(new Date(start))})` : "not started",
            end !== null ? `ended ${localText(new Date(end))} (${utcText(new Date(end))})` : null,
            seconds !== null ? `took ${durationText(seconds)}` : null,
            `${step.errors ?? 0} errors`,
            attemptsOf(step) > 1 ? `${attemptsOf(step)} attempts` : null,
            retryAt ? `next attempt at ${localText(retryAt)} (${utcText(retryAt)})` : null,
            typeof step.progress === "number" ? `${step.progress} % done` : null,
        ].filter(Boolean).join("\n");
        setAttr(bar, "title", hover);
        setAttr(bar, "aria-label", hover.replaceAll("\n", "; "));
        const list = Array.isArray(step.subscribers) ? step.subscribers : null;
        if (list === null) {
            if (subscribers.dataset.mode !== "none") {
                subscribers.dataset.mode = "none";
                subscribers.replaceChildren();
            }
        } else {
            subscribers.dataset.mode = "list";
            syncList(
                subscribers,
                list.length || start === null || step.state === "running" ? list : [{ id: "", answer: "none" }],
                (subscriber) => subscriber.id,
                () => el("li", { class: "chip" }),
                (chip, subscriber) => {
                    if (!subscriber.id) {
                        setText(chip, "no subscriber was asked");
                        chip.className = "chip muted";
                        return;
                    }
                    const answer = answerLabels[subscriber.answer] ?? subscriber.answer;
                    setText(chip, `${subscriber.id}: ${answer}`);
                    chip.className = `chip answer-${subscriber.answer}`;
                    setAttr(chip, "title", `${subscriber.id} ${subscriber.answer === "pending" ? "has not answered yet" : `answered: ${answer}`}`);
                },
            );
        }
    }

    /** Draws every step on a scale from the run's start to its end (or now). */
    function drawGantt() {
        if (!run) return;
        const steps = Array.isArray(run.steps) ? run.steps : [];
        const runStart = parseTime(run.started_at)?.getTime() ?? Math.min(...steps.map((step) => stepSpan(step)[0] ?? Infinity));
        const runEnd = parseTime(run.finished_at)?.getTime() ?? null;
        const now = Date.now();
        const spans = steps.map(stepSpan);
        const lastEnd = Math.max(runEnd ?? 0, ...spans.map(([start, end]) => end ?? (start !== null ? now : 0)));
        const start = Number.isFinite(runStart) ? runStart : now;
        const end = runEnd ?? (run.state === "running" ? now : lastEnd || now);
        const scale = { start, now: run.state === "running" ? now : end, span: Math.max(end - start, 1) };
        const retryAt = run.state === "running" ? parseTime(run.retry_at) : null;
        const waiting = retryAt ? steps.find((step) => step.state === "running") : null;
        updateTime(axisStart, new Date(start));
        setText(axisEnd, run.state === "running" ? `now (+${durationText((end - start) / 1000)})` : `+${durationText((end - start) / 1000)}`);
        syncList(ganttRows, steps, (step) => step.name, makeBarRow, (row, step) => updateBarRow(row, step, scale, step === waiting ? retryAt : null));
        if (steps.length === 0) {
            if (!ganttRows.previousElementSibling?.classList?.contains("muted")) gantt.insertBefore(el("p", { class: "muted" }, run.state === "queued" ? "The run is queued: its steps begin when it starts." : "This run has no steps to show."), ganttRows);
        } else {
            gantt.querySelector(":scope > p.muted")?.remove();
        }
    }

    /** Shows the run's state, workflow, times, errors and reason, and the stop button while it can stop. */
    function drawSummary() {
        const finished = run.state === "finished";
        setText(state, run.state);
        state.className = `badge state-${run.state}`;
        setAttr(state, "data-outcome", finished ? run.outcome : null);
        let outcome = state.nextElementSibling;
        if (finished) {
            if (!outcome) {
                outcome = el("span", { class: "outcome-slot" });
                state.after(outcome);
            }
            replaceChildren(outcome, " ", stateBadge(run.outcome));
        } else {
            outcome?.remove();
        }
        setText(workflowLink, run.workflow + (run.workflow_version ? ` (version ${run.workflow_version})` : ""));
        setAttr(workflowLink, "href", run.workflow.startsWith("job.") ? "#/workflows" : `#/workflows/${encodeURIComponent(run.workflow)}`);
        updateTime(started, run.started_at ?? run.queued_at);
        updateTime(ended, run.finished_at ?? null);
        setText(errors, String(run.errors ?? 0));
        errors.classList.toggle("has-errors", Boolean(run.errors));
        const retryAt = run.state === "running" ? parseTime(run.retry_at) : null;
        const deadline = run.state === "running" ? parseTime(run.deadline) : null;
        const shown = retryAt ?? deadline;
        setText(reasonLabel, retryAt ? "The current step's next attempt begins" : deadline ? "The current step ends at the latest" : "Reason");
        setText(reason, shown ? `${localText(shown)} (${utcText(shown)})` : run.reason ?? "—");
        setText(waiting, Array.isArray(run.waiting_for) && run.waiting_for.length ? run.waiting_for.join(", ") : "—");
        drawDuration();
        const stoppable = run.state === "running" || run.state === "queued";
        if (stoppable && !stopButton.isConnected) stopSlot.append(stopButton);
        if (!stoppable && stopButton.isConnected) stopButton.remove();
    }

    /** Shows how long the run took, or has taken so far. */
    function drawDuration() {
        if (!run) return;
        if (run.state === "finished") setText(duration, durationText(run.duration ?? secondsBetween(parseTime(run.started_at), parseTime(run.finished_at))));
        else if (run.state === "running") setText(duration, `${durationText(secondsBetween(parseTime(run.started_at)))} so far`);
        else setText(duration, `queued for ${durationText(secondsBetween(parseTime(run.queued_at)))}`);
    }

    /** Shows the run's progress tree, redrawn only when it changed. */
    function drawTree() {
        const report = run.progress_tree;
        if (report && typeof report === "object" && Object.keys(report).length) {
            const key = JSON.stringify(report);
            if (tree.dataset.shown === key) return;
            tree.dataset.shown = key;
            replaceChildren(tree, el("ul", { class: "tree" }, progressTree(report)));
        } else if (tree.dataset.shown !== run.state) {
            tree.dataset.shown = run.state;
            replaceChildren(
                tree,
                el("p", { class: "muted" }, run.state === "running" ? "No actor has reported progress yet." : run.state === "queued" ? "The run has not started." : "The core keeps the progress tree while a run runs; this run has finished."),
            );
        }
    }

    /** Shows what the run was started with: its input as YAML, or that it has none. */
    function drawInput() {
        if (input.dataset.drawn) return;
        const given = run.input;
        if (given && typeof given === "object" && !Array.isArray(given) && Object.keys(given).length) {
            input.dataset.drawn = "yes";
            replaceChildren(input, el("pre", { class: "code", "data-testid": "run-input-value" }, toYAML(given)));
        } else if (given && typeof given === "object") {
            input.dataset.drawn = "yes";
            replaceChildren(input, el("p", { class: "muted" }, "This run was started without an input."));
        } else {
            replaceChildren(input, el("p", { class: "muted" }, run.state === "queued" ? "The run has not started." : "The core reports no input for this run."));
        }
    }

    /** A row of the log, filled by updateLogRow. */
    function makeLogRow() {
        return el("tr", {}, el("td", { class: "nowrap" }, timeElement(null)), el("td", {}), el("td", {}), el("td", {}), el("td", { class: "message-cell" }));
    }

    /** Shows one log entry in its row. */
    function updateLogRow(row, entry) {
        const cells = row.children;
        updateTime(cells[0].firstChild, entry.at);
        setText(cells[1], entry.level);
        row.className = entry.level === "error" ? "log-error" : "";
        setText(cells[2], entry.step ?? "");
        setText(cells[3], entry.subscriber_id ?? "");
        setText(cells[4], entry.message);
    }

    /** Reads the run's log and appends what is new. */
    async function refreshLog() {
        try {
            const entries = await api.get(`/tasks/${api.segment(taskId)}/log`);
            if (!alive) return;
            const shown = entries.slice(-logLimit);
            const offset = entries.length - shown.length;
            syncList(logBody, shown.map((entry, index) => ({ entry, index: index + offset })), (item) => item.index, makeLogRow, (row, item) => updateLogRow(row, item.entry));
            setText(logNote, entries.length === 0 ? "Nothing logged yet." : entries.length > shown.length ? `The last ${shown.length} of ${entries.length} entries.` : "");
        } catch (error) {
            if (alive && error.status !== 404) setText(logNote, `The log could not be read: ${error.message}`);
        }
    }

    /** An item of the run's events, filled by updateEventItem. */
    function makeEventItem() {
        return el("li", { class: "event-item" }, timeElement(null), el("span", { class: "event-type" }), el("span", { class: "event-data mono" }));
    }

    /** Shows one event of the run. */
    function updateEventItem(item, message) {
        updateTime(item.children[0], message.received);
        setText(item.children[1], message.kind && message.kind !== "event" ? `${message.kind.replace("_", " ")}: ${message.message_type ?? ""}` : message.message_type ?? "");
        const words = message.message_type === "step_retry" && message.kind === "event" ? retryText(message.data) : null;
        setText(item.children[2], words ? oneLine(words, 240) : oneLine(message.data, 240));
        setAttr(item.children[2], "title", oneLine(message.data, 4000));
        setAttr(item, "data-message-type", message.message_type ?? "");
    }

    /** Lists the events seen with the run's id, newest first. */
    function drawEvents() {
        const messages = live.messagesOfRun(taskId).slice().reverse();
        syncList(eventsList, messages, (message) => message.sequence, makeEventItem, updateEventItem);
        setText(eventsNote, messages.length === 0 ? "None seen yet." : "");
    }

    /** Reads the run and redraws every part of the page from it. */
    async function refresh() {
        try {
            const answer = await api.get(`/tasks/${api.segment(taskId)}`);
            if (!alive) return;
            const wasActive = run && run.state !== "finished";
            run = answer;
            loadedOnce = true;
            drawSummary();
            drawGantt();
            drawTree();
            drawInput();
            if (run.state !== "queued") refreshLog();
            if (wasActive && run.state === "finished") setText(status, `The run finished: ${run.outcome}.`);
        } catch (error) {
            if (!alive) return;
            if (error.status === 404) {
                replaceChildren(container, el("p", { class: "breadcrumb" }, el("a", { href: "#/runs" }, "Runs")), el("h1", {}, "Run not found"), emptyState(`No run has the id ${taskId}: pick one from the runs page.`));
                stop();
            } else if (!loadedOnce) {
                setText(status, `The run could not be read: ${error.message}`);
            }
        }
    }

    const refreshSoon = live.debounced(() => alive && refresh(), 300);
    const stopListening = live.onMessage((message) => {
        if (live.runIdOf(message) !== taskId) return;
        drawEvents();
        refreshSoon();
    });
    const ticker = setInterval(() => {
        if (run?.state === "running") drawGantt();
        drawDuration();
    }, 1000);
    const poller = setInterval(() => {
        if (!run || run.state !== "finished") refresh();
    }, 3000);

    /** Ends the page's timers and listeners. */
    function stop() {
        alive = false;
        stopListening();
        refreshSoon.cancel();
        clearInterval(ticker);
        clearInterval(poller);
    }

    drawEvents();
    refresh();
    return stop;
}
