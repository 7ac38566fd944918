// The workflows page: every workflow with its triggers, version, next fire and run figures, and
// every job with activate, deactivate and run.

import * as api from "/ui/assets/api.js";
import { el, replaceChildren, emptyState, setText, syncList, timeElement, updateTime } from "/ui/assets/dom.js";
import { countText, durationText } from "/ui/assets/format.js";
import { startWorkflow } from "/ui/assets/runs.js";
import { triggerText } from "/ui/assets/describe.js";

/** Draws the workflows page into `container`; answers the function that ends it. */
export function mount(container) {
    let alive = true;
    const status = el("p", { class: "status-line", role: "status", "aria-live": "polite" });
    const say = (...parts) => replaceChildren(status, parts);
    const workflowBody = el("tbody");
    const workflowTable = el(
        "table",
        { class: "data-table workflows-table" },
        el("caption", { class: "visually-hidden" }, "Workflows"),
        el("thead", {}, el("tr", {}, ["Workflow", "Triggers", "Surpass", "Version", "Next run", "Finished runs", "Last run", ""].map((name) => el("th", { scope: "col" }, name)))),
        workflowBody,
    );
    const workflowNote = el("div", {});
    const jobBody = el("tbody");
    const jobTable = el(
        "table",
        { class: "data-table jobs-table" },
        el("caption", { class: "visually-hidden" }, "Jobs"),
        el("thead", {}, el("tr", {}, ["Job", "Command", "Trigger", "Active", "Version", "Next run", ""].map((name) => el("th", { scope: "col" }, name)))),
        jobBody,
    );
    const jobNote = el("p", { class: "muted list-note" });

    container.append(
        el("h1", {}, "Workflows"),
        status,
        el("section", { class: "panel", "aria-labelledby": "workflows-title" }, el("h2", { id: "workflows-title" }, "Workflows"), el("div", { class: "table-scroll" }, workflowTable), workflowNote),
        el(
            "section",
            { class: "panel", "aria-labelledby": "jobs-title" },
            el("h2", { id: "jobs-title" }, "Jobs"),
            el("p", { class: "muted" }, "A job runs one command on its trigger; deactivating it turns the trigger off, and it can still be run by hand."),
            el("div", { class: "table-scroll" }, jobTable),
            jobNote,
        ),
    );

    /** A row of the workflows table, filled by updateWorkflowRow, with its run button. */
    function makeWorkflowRow(workflow) {
        const link = el("a", { href: `#/workflows/${encodeURIComponent(workflow.id)}` });
        const run = el("button", { type: "button", class: "small" }, "Run");
        const row = el(
            "tr",
            { "data-testid": "workflow-row" },
            el("td", {}, link, el("span", { class: "muted step-count" })),
            el("td", { class: "triggers-cell" }),
            el("td", {}),
            el("td", { class: "numeric" }),
            el("td", { class: "nowrap" }, timeElement(null)),
            el("td", { class: "nowrap" }),
            el("td", { class: "nowrap" }, timeElement(null)),
            el("td", {}, run),
        );
        run.addEventListener("click", async () => {
            run.disabled = true;
            try {
                say(await startWorkflow(row.dataset.workflowId));
            } catch (error) {
                say(`${row.dataset.workflowId} could not be started: ${error.message}`);
            } finally {
                run.disabled = false;
            }
        });
        row.parts = { link, run, count: link.nextElementSibling };
        return row;
    }

    /** Shows a workflow's triggers, version, next run and run figures in place. */
    function updateWorkflowRow(row, { workflow, summary }) {
        row.dataset.workflowId = workflow.id;
        const cells = row.children;
        setText(row.parts.link, workflow.id);
        row.parts.link.title = workflow.name ?? "";
        const steps = workflow.steps?.length ?? 0;
        setText(row.parts.count, ` ${steps} step${steps === 1 ? "" : "s"}`);
        setText(cells[1], (workflow.triggers ?? []).map(triggerText).join("; ") || "none (run by hand)");
        setText(cells[2], workflow.on_surpass ?? "");
        setText(cells[3], String(workflow.version ?? ""));
        updateTime(cells[4].firstChild, workflow.scheduled_next ?? null);
        if (!workflow.scheduled_next) setText(cells[4].firstChild, "not scheduled");
        setText(cells[5], summary ? `${countText(summary.count)}, ${durationText(summary.average_duration)} on average` : "none yet");
        cells[5].classList.toggle("has-errors", Boolean(summary?.runs_with_errors));
        cells[5].title = summary?.runs_with_errors ? `${summary.runs_with_errors} of them with errors` : "";
        updateTime(cells[6].firstChild, summary?.last_run ?? null);
        row.parts.run.setAttribute("aria-label", `Run ${workflow.id}`);
    }

    /** A row of the jobs table, filled by updateJobRow, with its buttons. */
    function makeJobRow() {
        const toggle = el("button", { type: "button", class: "small" });
        const run = el("button", { type: "button", class: "small" }, "Run");
        const row = el("tr", { "data-testid": "job-row" }, el("td", { class: "mono" }), el("td", { class: "mono command-cell" }), el("td", {}), el("td", {}), el("td", { class: "numeric" }), el("td", { class: "nowrap" }, timeElement(null)), el("td", { class: "actions" }, toggle, " ", run));
        toggle.addEventListener("click", async () => {
            const id = row.dataset.jobId;
            const activate = row.dataset.active !== "true";
            toggle.disabled = true;
            try {
                const job = await api.post(`/jobs/${api.segment(id)}/${activate ? "activate" : "deactivate"}`);
                say(`Job ${id} is ${job?.active ? "active" : "inactive"}.`);
                refresh();
            } catch (error) {
                say(`Job ${id} could not be ${activate ? "activated" : "deactivated"}: ${error.message}`);
            } finally {
                toggle.disabled = false;
            }
        });
        run.addEventListener("click", async () => {
            const id = row.dataset.jobId;
            run.disabled = true;
            try {
                const answer = await api.post(`/jobs/${api.segment(id)}/run`);
                const link = answer?.task_id ? el("a", { href: `#/runs/${encodeURIComponent(answer.task_id)}` }, answer.task_id) : null;
                say(answer?.status === "skipped" ? `Job ${id} was skipped: a run of it is active.` : [`Job ${id}: run `, link, ` ${answer?.status ?? ""}.`]);
            } catch (error) {
                say(`Job ${id} could not be run: ${error.message}`);
            } finally {
                run.disabled = false;
            }
        });
        row.parts = { toggle, run };
        return row;
    }

    /** Shows a job's command, trigger, state and next run in place. */
    function updateJobRow(row, job) {
        row.dataset.jobId = job.id;
        row.dataset.active = String(Boolean(job.active));
        const cells = row.children;
        setText(cells[0], job.id);
        setText(cells[1], job.command ?? "");
        cells[1].title = job.command ?? "";
        setText(cells[2], triggerText(job.trigger) + (job.wait ? `, then waits for ${job.wait.message_type}` : ""));
        setText(cells[3], job.active ? "active" : "inactive");
        setText(cells[4], String(job.version ?? ""));
        updateTime(cells[5].firstChild, job.scheduled_next ?? null);
        if (!job.scheduled_next) setText(cells[5].firstChild, job.active ? "not scheduled" : "off");
        setText(row.parts.toggle, job.active ? "Deactivate" : "Activate");
        row.parts.toggle.setAttribute("aria-label", `${job.active ? "Deactivate" : "Activate"} job ${job.id}`);
        row.parts.run.setAttribute("aria-label", `Run job ${job.id}`);
    }

    /** Reads the workflows, their history figures and the jobs, and updates both tables. */
    async function refresh() {
        try {
            const [workflows, summaries] = await Promise.all([api.get("/workflows"), api.get("/history/summary").catch(() => [])]);
            if (!alive) return;
            const byWorkflow = new Map(summaries.map((summary) => [summary.workflow, summary]));
            const items = workflows.slice().sort((a, b) => a.id.localeCompare(b.id)).map((workflow) => ({ workflow, summary: byWorkflow.get(workflow.id) }));
            syncList(workflowBody, items, (item) => item.workflow.id, makeWorkflowRow, updateWorkflowRow);
            workflowTable.hidden = items.length === 0;
            workflowNote.replaceChildren(...(items.length === 0 ? [emptyState("No workflows yet: add a definition with rota workflows apply FILE.")] : []));
        } catch (error) {
            if (alive) say(`The workflows could not be read: ${error.message}`);
        }
        try {
            const jobs = await api.get("/jobs");
            if (!alive) return;
            syncList(jobBody, jobs.slice().sort((a, b) => a.id.localeCompare(b.id)), (job) => job.id, makeJobRow, updateJobRow);
            jobTable.hidden = jobs.length === 0;
            setText(jobNote, jobs.length === 0 ? "No jobs: add one with rota jobs add ID." : "");
        } catch (error) {
            if (alive) setText(jobNote, `The jobs could not be read: ${error.message}`);
        }
    }

    refresh();
    const poller = setInterval(refresh, 30000);
    return () => {
        alive = false;
        clearInterval(poller);
    };
}
