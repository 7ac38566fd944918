// The runs page: the running and queued runs, live, with their step, progress and elapsed time;
// the finished runs with filters; starting a workflow and stopping a run.

import * as api from "/ui/assets/api.js";
import * as live from "/ui/assets/live.js";
import { el, replaceChildren, emptyState, setAttr, setText, syncList, timeElement, updateTime } from "/ui/assets/dom.js";
import { durationText, parseTime, secondsBetween } from "/ui/assets/format.js";

const finishedShown = 50;

/** The outcome values of GET /history, with their labels. */
const outcomes = [
    ["success", "Succeeded"],
    ["failure", "Failed"],
    ["stopped", "Stopped"],
];

/** A badge for an outcome or state. */
export function stateBadge(text) {
    return el("span", { class: `badge state-${String(text ?? "unknown").replace(/[^a-z_]/gi, "")}` }, text ?? "unknown");
}

/**
 * Starts a workflow and answers a line for the page to show (a link to the run when there is
 * one).
 */
export async function startWorkflow(workflowId) {
    const answer = await api.post(`/workflows/${api.segment(workflowId)}/run`);
    const link = answer?.task_id ? el("a", { href: `#/runs/${encodeURIComponent(answer.task_id)}` }, answer.task_id) : null;
    switch (answer?.status) {
        case "started":
            return ["Started run ", link, "."];
        case "queued":
            return ["A run is active: run ", link, " is queued and starts when it ends."];
        default:
            return [`Skipped: a run of ${workflowId} is active and its surpass policy drops new ones.`];
    }
}

/** Stops a run; answers a line for the page to show. */
export async function stopRun(taskId) {
    await api.post(`/tasks/${api.segment(taskId)}/stop`);
    return `Asked run ${taskId} to stop.`;
}

/** Draws the runs page into `container`; answers the function that ends it. */
export function mount(container) {
    let alive = true;
    const status = el("p", { class: "status-line", role: "status", "aria-live": "polite" });
    const workflowSelect = el("select", { id: "start-workflow-select", "data-testid": "start-workflow-select", disabled: true });
    const startButton = el("button", { type: "submit", "data-testid": "start-workflow", disabled: true }, "Start");
    const startForm = el(
        "form",
        { class: "inline-form", "aria-label": "Start a workflow" },
        el("label", { for: "start-workflow-select" }, "Start a workflow"),
        workflowSelect,
        startButton,
    );
    const runningList = el("ul", { class: "run-list", "aria-label": "Running and queued runs" });
    const runningNote = el("p", { class: "muted list-note" });
    const workflowFilter = el("select", { id: "filter-workflow", "data-testid": "filter-workflow" }, el("option", { value: "" }, "All workflows"));
    const outcomeFilter = el(
        "select",
        { id: "filter-outcome", "data-testid": "filter-outcome" },
        el("option", { value: "" }, "All outcomes"),
        outcomes.map(([value, label]) => el("option", { value }, label)),
    );
    const finishedBody = el("tbody");
    const finishedTable = el(
        "table",
        { class: "data-table finished-table" },
        el("caption", { class: "visually-hidden" }, "Finished runs, newest first"),
        el("thead", {}, el("tr", {}, ["Run", "Outcome", "Started", "Duration", "Errors", "Reason"].map((name) => el("th", { scope: "col" }, name)))),
        finishedBody,
    );
    const finishedNote = el("p", { class: "muted list-note" });
    const empty = emptyState("No runs yet: start one with the form above.");
    empty.hidden = true;

    container.append(
        el("h1", {}, "Runs"),
        startForm,
        status,
        empty,
        el("section", { class: "panel", "aria-labelledby": "running-title" }, el("h2", { id: "running-title" }, "Running and queued"), runningList, runningNote),
        el(
            "section",
            { class: "panel", "aria-labelledby": "finished-title" },
            el("h2", { id: "finished-title" }, "Finished"),
            el(
                "div",
                { class: "filters" },
                el("label", { for: "filter-workflow" }, "Workflow"),
                workflowFilter,
                el("label", { for: "filter-outcome" }, "Outcome"),
                outcomeFilter,
            ),
            el("div", { class: "table-scroll" }, finishedTable),
            finishedNote,
        ),
    );

    let runningCount = null;
    let finishedCount = null;
    const updateEmpty = () => {
        const filtered = workflowFilter.value !== "" || outcomeFilter.value !== "";
        empty.hidden = !(runningCount === 0 && finishedCount === 0 && !filtered);
    };

    const say = (...parts) => replaceChildren(status, parts);

    /** Fills the start and filter choices with the workflows. */
    async function loadWorkflows() {
        try {
            const workflows = await api.get("/workflows");
            if (!alive) return;
            const ids = workflows.map((workflow) => workflow.id).sort();
            workflowSelect.replaceChildren(...workflows.slice().sort((a, b) => a.id.localeCompare(b.id)).map((workflow) => el("option", { value: workflow.id }, workflow.name && workflow.name !== workflow.id ? `${workflow.id} (${workflow.name})` : workflow.id)));
            workflowSelect.disabled = ids.length === 0;
            startButton.disabled = ids.length === 0;
            if (ids.length === 0) say("No workflows are defined: add one with rota workflows apply FILE.");
            const chosen = workflowFilter.value;
            replaceChildren(workflowFilter, el("option", { value: "" }, "All workflows"), ids.map((id) => el("option", { value: id }, id)));
            workflowFilter.value = ids.includes(chosen) ? chosen : "";
        } catch (error) {
            if (alive) say(`The workflows could not be read: ${error.message}`);
        }
    }

    /** An item for a running or queued run, filled by updateRunningItem, with its stop button. */
    function makeRunningItem(run) {
        const link = el("a", { class: "run-link", href: `#/runs/${encodeURIComponent(run.task_id)}` });
        const workflow = el("span", { class: "run-workflow" });
        const id = el("span", { class: "run-id mono" });
        link.append(workflow, id);
        const step = el("span", { class: "run-step", "data-testid": "run-current-step" });
        const fill = el("span", { class: "progress-fill" });
        const bar = el("div", { class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "data-testid": "run-progress" }, fill);
        const percent = el("span", { class: "progress-text" });
        const elapsed = el("span", { class: "run-elapsed mono", "data-testid": "run-elapsed" });
        const started = timeElement(null);
        const errors = el("span", { class: "run-errors" });
        const stop = el("button", { type: "button", class: "danger", "data-testid": "stop-run" }, "Stop");
        stop.addEventListener("click", async () => {
            stop.disabled = true;
            try {
                say(await stopRun(item.dataset.taskId));
                refreshSoon();
            } catch (error) {
                say(`Run ${item.dataset.taskId} could not be stopped: ${error.message}`);
            } finally {
                stop.disabled = false;
            }
        });
        const item = el(
            "li",
            { class: "run-item", "data-testid": "running-run" },
            el("div", { class: "run-head" }, link, el("span", { class: "run-state-badge" })),
            el("div", { class: "run-body" }, el("span", { class: "run-step-label" }, "Step ", step), el("span", { class: "run-progress" }, bar, percent)),
            el("div", { class: "run-foot" }, el("span", {}, "Started ", started), el("span", {}, "Elapsed ", elapsed), errors, stop),
        );
        item.parts = { workflow, id, step, bar, fill, percent, elapsed, started, errors, stop, badge: item.querySelector(".run-state-badge") };
        return item;
    }

    /** Shows a run's step, progress, start, elapsed time and errors in place. */
    function updateRunningItem(item, run) {
        const parts = item.parts;
        const state = run.state ?? "running";
        setAttr(item, "data-task-id", run.task_id);
        setAttr(item, "data-state", state);
        setText(parts.workflow, run.workflow);
        setText(parts.id, run.task_id);
        setText(parts.step, state === "queued" ? "waiting to start" : run.current_step ?? "—");
        const progress = Math.max(0, Math.min(100, Number(run.progress) || 0));
        setAttr(parts.bar, "aria-valuenow", String(Math.round(progress)));
        setAttr(parts.bar, "aria-label", `Progress of ${run.workflow}`);
        parts.fill.style.width = `${progress}%`;
        setText(parts.percent, `${progress.toFixed(0)} %`);
        const since = state === "queued" ? run.queued_at : run.started_at;
        item.dataset.since = since ?? "";
        updateTime(parts.started, since);
        setText(parts.elapsed, durationText(secondsBetween(parseTime(since))));
        setText(parts.errors, run.errors ? `${run.errors} error${run.errors === 1 ? "" : "s"}` : "no errors");
        parts.errors.classList.toggle("has-errors", Boolean(run.errors));
        setText(parts.badge, state);
        parts.badge.className = `run-state-badge badge state-${state}`;
    }

    /** Reads the running and the queued runs and updates the list. */
    async function refreshRunning() {
        try {
            const [running, queued] = await Promise.all([api.get("/tasks"), api.get("/tasks/queued")]);
            if (!alive) return;
            const listed = running.map((run) => ({ ...run, state: run.state ?? "running" }));
            const waiting = queued.map((run) => ({ ...run, state: "queued" })).filter((run) => !listed.some((task) => task.task_id === run.task_id));
            const runs = [...listed.sort((a, b) => String(b.started_at).localeCompare(String(a.started_at))), ...waiting];
            syncList(runningList, runs, (run) => run.task_id, makeRunningItem, updateRunningItem);
            runningCount = runs.length;
            setText(runningNote, runs.length === 0 ? "Nothing is running: start a workflow above." : "");
            runningNote.hidden = runs.length !== 0;
            updateEmpty();
        } catch (error) {
            if (!alive) return;
            setText(runningNote, `The running runs could not be read: ${error.message}`);
            runningNote.hidden = false;
        }
    }

    /** A row of the finished runs, filled by updateFinishedRow. */
    function makeFinishedRow() {
        const link = el("a", { class: "run-link" });
        const row = el(
            "tr",
            { "data-testid": "finished-run" },
            el("td", {}, link),
            el("td", { class: "outcome-cell" }),
            el("td", {}, timeElement(null)),
            el("td", { class: "mono numeric" }),
            el("td", { class: "numeric" }),
            el("td", { class: "reason-cell" }),
        );
        row.parts = { link, cells: row.children };
        return row;
    }

    /** Shows a finished run's outcome, start, duration, errors and reason in place. */
    function updateFinishedRow(row, run) {
        setAttr(row, "data-task-id", run.task_id);
        setAttr(row, "data-outcome", run.outcome);
        const { link, cells } = row.parts;
        setAttr(link, "href", `#/runs/${encodeURIComponent(run.task_id)}`);
        setText(link, run.workflow);
        setAttr(link, "title", `Run ${run.task_id}`);
        if (cells[1].dataset.outcome !== run.outcome) {
            cells[1].dataset.outcome = run.outcome;
            cells[1].replaceChildren(stateBadge(run.outcome));
        }
        updateTime(cells[2].firstChild, run.started_at);
        setText(cells[3], durationText(run.duration));
        setText(cells[4], String(run.errors ?? 0));
        cells[4].classList.toggle("has-errors", Boolean(run.errors));
        setText(cells[5], run.reason ?? "");
        setAttr(cells[5], "title", run.reason ?? null);
    }

    /** Reads the history the filters select and updates the table. */
    async function refreshFinished() {
        const outcome = outcomeFilter.value;
        try {
            const runs = await api.get("/history", { workflow: workflowFilter.value, limit: outcome ? 500 : finishedShown });
            if (!alive) return;
            const shown = runs.filter((run) => !outcome || run.outcome === outcome).slice(0, finishedShown);
            syncList(finishedBody, shown, (run) => run.task_id, makeFinishedRow, updateFinishedRow);
            finishedTable.hidden = shown.length === 0;
            finishedCount = outcome || workflowFilter.value ? null : shown.length;
            setText(
                finishedNote,
                shown.length === 0
                    ? workflowFilter.value || outcome
                        ? "No finished run matches these filters: choose another workflow or outcome."
                        : "No run has finished yet."
                    : `The ${shown.length} newest${outcome ? ` of the last ${runs.length} finished` : ""}.`,
            );
            updateEmpty();
        } catch (error) {
            if (alive) setText(finishedNote, `The finished runs could not be read: ${error.message}`);
        }
    }

    const refreshSoon = live.debounced(() => {
        if (!alive) return;
        refreshRunning();
        refreshFinished();
    }, 300);

    startForm.addEventListener("submit", async (event) => {
        event.preventDefault();
        const workflowId = workflowSelect.value;
        if (!workflowId) return;
        startButton.disabled = true;
        try {
            say(await startWorkflow(workflowId));
            refreshSoon();
        } catch (error) {
            say(`${workflowId} could not be started: ${error.message}`);
        } finally {
            startButton.disabled = false;
        }
    });
    workflowFilter.addEventListener("change", refreshFinished);
    outcomeFilter.addEventListener("change", refreshFinished);

    const stopListening = live.onMessage((message) => {
        if (!live.isRunEvent(message)) return;
        if (message.message_type === "step_started" && typeof message.data?.step === "string") {
            const item = Array.from(runningList.children).find((node) => node.dataset.taskId === message.data.task_id);
            if (item?.parts) setText(item.parts.step, message.data.step);
        }
        refreshSoon();
    });
    const ticker = setInterval(() => {
        for (const item of runningList.children) {
            if (item.parts) setText(item.parts.elapsed, durationText(secondsBetween(parseTime(item.dataset.since))));
        }
    }, 1000);
    let polls = 0;
    const poller = setInterval(() => {
        polls += 1;
        const socketOpen = live.connectionStatus() === "open";
        if (!socketOpen || polls % 3 === 0) refreshRunning();
        if (!socketOpen ? polls % 2 === 0 : polls % 6 === 0) refreshFinished();
    }, 5000);

    loadWorkflows();
    refreshRunning();
    refreshFinished();

    return () => {
        alive = false;
        stopListening();
        refreshSoon.cancel();
        clearInterval(ticker);
        clearInterval(poller);
    };
}
