// One workflow: its definition (steps, triggers, surpass, version, next fire), as YAML too, the
// durations of its runs over time, its schedule, and a button that runs it.

import * as api from "/ui/assets/api.js";
import { el, emptyState, replaceChildren, setText, timeElement } from "/ui/assets/dom.js";
import { durationText } from "/ui/assets/format.js";
import { durationChart, median, outlierLimit } from "/ui/assets/chart.js";
import { actionText, defaultWorkflowIds, triggerText } from "/ui/assets/describe.js";
import { startWorkflow } from "/ui/assets/runs.js";
import { toYAML } from "/ui/assets/yaml.js";

const historyLimit = 200;

const definitionKeys = ["id", "name", "on_surpass", "environment", "triggers", "steps"];
const stepKeys = ["name", "action", "timeout", "on_error"];

/** An object with the named keys first, in that order, then the others as they come. */
function ordered(object, keys) {
    if (!object || typeof object !== "object" || Array.isArray(object)) return object;
    const result = {};
    for (const key of keys) if (key in object) result[key] = object[key];
    for (const [key, value] of Object.entries(object)) if (!(key in result)) result[key] = value;
    return result;
}

/** The definition as `PUT /workflows/{id}` takes it, in the order WORKFLOWS.md writes it. */
function definitionOf(workflow) {
    const definition = ordered(workflow, definitionKeys);
    for (const key of ["version", "scheduled_next", "steps_without_subscribers", "next_fires"]) delete definition[key];
    if (Array.isArray(definition.steps)) definition.steps = definition.steps.map((step) => ordered(step, stepKeys));
    return definition;
}

/** Draws one workflow into `container`; answers the function that ends it. */
export function mount(container, workflowId) {
    let alive = true;
    const status = el("p", { class: "status-line", role: "status", "aria-live": "polite" });
    const say = (...parts) => replaceChildren(status, parts);
    const runButton = el("button", { type: "button", "data-testid": "run-workflow" }, "Run now");
    const facts = el("dl", { class: "facts" });
    const steps = el("ol", { class: "step-list", "data-testid": "workflow-steps" });
    const triggers = el("ul", { class: "plain-list" });
    const scheduleArea = el("div", {});
    const yaml = el("pre", { class: "code", "data-testid": "workflow-yaml", tabindex: "0" }, "…");
    const chartArea = el("div", { class: "chart-area" });
    const chartNote = el("p", { class: "muted" });

    container.append(
        el("p", { class: "breadcrumb" }, el("a", { href: "#/workflows" }, "Workflows"), " / ", workflowId),
        el("div", { class: "title-row" }, el("h1", {}, workflowId), runButton),
        status,
        el("section", { class: "panel" }, facts),
        el(
            "div",
            { class: "columns" },
            el("section", { class: "panel", "aria-labelledby": "steps-title" }, el("h2", { id: "steps-title" }, "Steps, in order"), steps),
            el("section", { class: "panel", "aria-labelledby": "triggers-title" }, el("h2", { id: "triggers-title" }, "Triggers and schedule"), triggers, scheduleArea),
        ),
        el("section", { class: "panel", "aria-labelledby": "durations-title" }, el("h2", { id: "durations-title" }, "Run durations"), chartArea, chartNote),
        el("section", { class: "panel", "aria-labelledby": "yaml-title" }, el("h2", { id: "yaml-title" }, "Definition (YAML)"), yaml),
    );

    runButton.addEventListener("click", async () => {
        runButton.disabled = true;
        try {
            say(await startWorkflow(workflowId));
        } catch (error) {
            say(`${workflowId} could not be started: ${error.message}`);
        } finally {
            runButton.disabled = false;
        }
    });

    /** The form that sets, removes or resets a default workflow's schedule. */
    function drawScheduleForm(workflow) {
        if (!defaultWorkflowIds.has(workflow.id)) {
            replaceChildren(scheduleArea, el("p", { class: "muted" }, "The schedule of a workflow you defined is a cron trigger in its definition: change it there."));
            return;
        }
        const current = (workflow.triggers ?? []).find((trigger) => typeof trigger.cron_expression === "string")?.cron_expression ?? "";
        const input = el("input", { id: "schedule-cron", type: "text", value: current, placeholder: "0 * * * *", spellcheck: "false", autocomplete: "off", class: "mono" });
        const set = el("button", { type: "submit" }, "Set schedule");
        const clear = el("button", { type: "button" }, "No schedule");
        const reset = el("button", { type: "button", class: "quiet" }, "Standard schedule");
        const apply = async (method, body, done) => {
            for (const button of [set, clear, reset]) button.disabled = true;
            try {
                const updated = await api.request(method, `/workflows/${api.segment(workflow.id)}/schedule`, body);
                say(done(updated));
                draw(updated);
            } catch (error) {
                say(`The schedule could not be changed: ${error.message}`);
            } finally {
                for (const button of [set, clear, reset]) button.disabled = false;
            }
        };
        const form = el(
            "form",
            { class: "inline-form" },
            el("label", { for: "schedule-cron" }, "Cron expression"),
            input,
            set,
            clear,
            reset,
        );
        form.addEventListener("submit", (event) => {
            event.preventDefault();
            const expression = input.value.trim();
            if (!expression) return apply("PUT", { cron_expression: null }, () => "The workflow has no schedule now.");
            apply("PUT", { cron_expression: expression }, () => `Scheduled as ${expression}.`);
        });
        clear.addEventListener("click", () => apply("PUT", { cron_expression: null }, () => "The workflow has no schedule now."));
        reset.addEventListener("click", () => apply("DELETE", undefined, () => "The workflow has its standard schedule again."));
        replaceChildren(scheduleArea, el("h3", {}, "Schedule"), el("p", { class: "muted" }, "A default workflow's schedule can be set here (CRON.md has the syntax), removed, or set back to the standard one."), form);
    }

    /** Shows the workflow's facts, steps, triggers, schedule form and YAML. */
    function draw(workflow) {
        const unserved = new Set(workflow.steps_without_subscribers ?? []);
        replaceChildren(
            facts,
            el("div", {}, el("dt", {}, "Name"), el("dd", {}, workflow.name ?? "")),
            el("div", {}, el("dt", {}, "Version"), el("dd", {}, String(workflow.version ?? ""))),
            el("div", {}, el("dt", {}, "On surpass"), el("dd", {}, workflow.on_surpass ?? "")),
            el("div", {}, el("dt", {}, "Next run"), el("dd", {}, workflow.scheduled_next ? timeElement(workflow.scheduled_next) : "not scheduled")),
            Array.isArray(workflow.next_fires) && workflow.next_fires.length
                ? el("div", { class: "wide" }, el("dt", {}, "Next cron fires"), el("dd", {}, el("ul", { class: "inline-list" }, workflow.next_fires.map((fire) => el("li", {}, timeElement(fire))))))
                : null,
        );
        replaceChildren(
            steps,
            (workflow.steps ?? []).map((step) =>
                el(
                    "li",
                    { "data-testid": "workflow-step", "data-step": step.name ?? "" },
                    el("span", { class: "step-name" }, step.name ?? ""),
                    " ",
                    el("span", { class: "muted" }, actionText(step.action)),
                    el("span", { class: "muted" }, ` · timeout ${durationText(step.timeout ?? 60)} · on error ${step.on_error ?? "Continue"}`),
                    unserved.has(step.name) ? el("span", { class: "badge state-failed" }, "no subscriber") : null,
                ),
            ),
        );
        if (!workflow.steps?.length) steps.append(el("li", { class: "muted" }, "This workflow has no steps."));
        replaceChildren(
            triggers,
            (workflow.triggers ?? []).length ? workflow.triggers.map((trigger) => el("li", {}, triggerText(trigger))) : el("li", { class: "muted" }, "No triggers: it runs when started by hand or by the event start_" + workflow.id + "_workflow."),
        );
        drawScheduleForm(workflow);
        setText(yaml, toYAML(definitionOf(workflow)));
    }

    /** Reads the workflow and draws it. */
    async function load() {
        try {
            const workflow = await api.get(`/workflows/${api.segment(workflowId)}`);
            if (!alive) return;
            draw(workflow);
        } catch (error) {
            if (!alive) return;
            if (error.status === 404) {
                replaceChildren(container, el("p", { class: "breadcrumb" }, el("a", { href: "#/workflows" }, "Workflows")), el("h1", {}, "Workflow not found"), emptyState(`No workflow has the id ${workflowId}: pick one from the workflows page.`));
                alive = false;
                return;
            }
            say(`The workflow could not be read: ${error.message}`);
        }
    }

    /** Reads the workflow's finished runs and draws their durations. */
    async function loadHistory() {
        try {
            const runs = await api.get("/history", { workflow: workflowId, limit: historyLimit });
            if (!alive) return;
            replaceChildren(chartArea, durationChart(runs, { "data-testid": "workflow-durations" }));
            const durations = runs.map((run) => Number(run.duration)).filter(Number.isFinite);
            const limit = outlierLimit(durations);
            const outliers = limit === null ? 0 : durations.filter((value) => value > limit && value > 0).length;
            setText(
                chartNote,
                runs.length === 0
                    ? "No finished runs yet: run the workflow to see its durations."
                    : `The last ${runs.length} finished runs (at most ${historyLimit}). Median ${durationText(median(durations))}${limit === null ? "" : `; ${outliers} beyond the median plus three median absolute deviations (${durationText(limit)}), drawn larger in the warning colour`}. Squares are runs that failed or were stopped; each point links to its run.`,
            );
        } catch (error) {
            if (alive) setText(chartNote, `The history could not be read: ${error.message}`);
        }
    }

    load();
    loadHistory();
    const poller = setInterval(loadHistory, 30000);
    return () => {
        alive = false;
        clearInterval(poller);
    };
}
