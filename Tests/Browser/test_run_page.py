"""A run's own page: its state, a Gantt chart with one bar per step in the workflow's order, its
input, and the attempts of a step tried again."""

import re
from datetime import datetime

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from dashboard import STEPS3, attribute_list, by_test_id, open_page
from waiting import wait_until


def parse_time(text):
    """An ISO-8601 time of the API or the page as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def step_states(core, task_id):
    """The state of each of the run's steps, in order, as the REST API reports them."""
    return [step["state"] for step in core.task(task_id)["steps"]]


def bar_states(page):
    """The data-state of each Gantt bar, in document order."""
    return attribute_list(by_test_id(by_test_id(page, "gantt"), "gantt-bar"), "data-state")


def test_a_run_page_draws_one_gantt_bar_per_step_in_order(core, actor, page, screenshots):
    """The Gantt chart has a bar per step in order, in the states the REST API gives, while the run
    runs and once it has finished."""
    task_id = core.start_run("steps3")
    actor.release(task_id, "alpha")
    actor.wait_for_action(task_id, "beta")

    open_page(page, core, f"/runs/{task_id}")
    bars = by_test_id(by_test_id(page, "gantt"), "gantt-bar")
    expect(bars).to_have_count(3)
    assert attribute_list(bars, "data-step") == STEPS3
    expect(page.get_by_test_id("run-state")).to_have_text("running")
    running_states = step_states(core, task_id)
    wait_until(lambda: bar_states(page) == running_states,
               f"the bars' states to be the REST API's {running_states} (they are {bar_states(page)})")
    for hook in ("progress-tree", "run-log", "run-input", "run-events"):
        expect(page.get_by_test_id(hook)).to_have_count(1)
    expect(page.get_by_test_id("stop-run")).to_be_visible()
    screenshots(page, "run")

    actor.finish(task_id, ["beta", "gamma"])
    run_state = page.get_by_test_id("run-state")
    expect(run_state).to_have_text("finished")
    expect(run_state).to_have_attribute("data-outcome", "success")
    finished_states = step_states(core, task_id)
    wait_until(lambda: bar_states(page) == finished_states,
               f"the bars' states to be the REST API's {finished_states} (they are {bar_states(page)})")
    assert attribute_list(bars, "data-step") == STEPS3
    expect(page.get_by_test_id("stop-run")).to_have_count(0)
    page.console_errors.assert_clean()


def gantt_bar(page, step):
    """The Gantt bar of the step."""
    return by_test_id(by_test_id(page, "gantt"), "gantt-bar", step=step)


def gantt_meta(page, step):
    """The line under the step's name in the Gantt chart: state, duration, errors, attempts."""
    return page.locator(f'.gantt-row:has([data-testid="gantt-bar"][data-step="{step}"]) .gantt-meta')


def wait_until_the_page_hears_the_run(page, actor, task_id):
    """Sends an event naming the run until the page's list of the run's events shows one, so
    that the page hears every event of the run published afterwards."""
    probe = page.locator('[data-testid="run-events"] [data-message-type="browser_probe"]')

    def heard():
        actor.emit("browser_probe", {"task_id": task_id})
        try:
            probe.first.wait_for(timeout=1000)
            return True
        except PlaywrightTimeoutError:
            return False

    wait_until(heard, f"the run page of {task_id} to receive events")


def test_the_run_page_shows_the_input_and_the_attempts_of_a_step_tried_again(core, actor, page, screenshots):
    """A run started with an input shows it; a step whose actor fails once shows its second
    attempt while it runs and the attempts it took once done, as the REST API counts them, and
    the run's events tell the retry in words."""
    task_id = core.start_run("retried", {"account": "123456789012", "regions": ["eu-west-1"]})
    open_page(page, core, f"/runs/{task_id}")
    wait_until_the_page_hears_the_run(page, actor, task_id)
    actor.fail(task_id, "alpha", "rate limited", attempt=1)
    actor.wait_for_action(task_id, "alpha", attempt=2)

    input_value = page.get_by_test_id("run-input-value")
    expect(input_value).to_contain_text("account: ")
    expect(input_value).to_contain_text("123456789012")
    expect(input_value).to_contain_text("eu-west-1")
    alpha = gantt_bar(page, "alpha")
    expect(alpha).to_have_attribute("data-attempts", "2")
    expect(gantt_meta(page, "alpha")).to_contain_text("attempt 2")
    expect(gantt_bar(page, "beta")).to_have_attribute("data-attempts", "0")
    retry_event = page.locator('[data-testid="run-events"] [data-message-type="step_retry"]')
    expect(retry_event).to_contain_text("step alpha: attempt 1 failed")
    expect(retry_event).to_contain_text("attempt 2 at once")
    screenshots(page, "run-retried")

    actor.release(task_id, "alpha", attempt=2)
    actor.release(task_id, "beta")
    expect(page.get_by_test_id("run-state")).to_have_attribute("data-outcome", "success")
    attempts = {step["name"]: step["attempts"] for step in core.task(task_id)["steps"]}
    assert attempts == {"alpha": 2, "beta": 1}, f"the REST API counts these attempts: {attempts}"
    expect(alpha).to_have_attribute("data-attempts", "2")
    expect(gantt_meta(page, "alpha")).to_contain_text("2 attempts")
    expect(gantt_meta(page, "beta")).not_to_contain_text("attempt")
    page.console_errors.assert_clean()


def test_a_run_started_without_an_input_says_so(core, actor, page):
    """The input panel of a run started without a body says it has no input."""
    task_id = core.start_run("steps3")
    open_page(page, core, f"/runs/{task_id}")
    expect(page.get_by_test_id("run-input")).to_contain_text("started without an input")
    expect(page.get_by_test_id("run-input-value")).to_have_count(0)
    actor.finish(task_id, STEPS3)
    page.console_errors.assert_clean()


def test_a_step_waiting_for_its_next_attempt_shows_when_it_begins_until_the_run_is_stopped(core, actor, page, screenshots):
    """After a failed attempt, the step's bar shows when the next attempt begins (the REST API's
    retry_at); stopping the run from the page cancels that attempt."""
    task_id = core.start_run("retry-waits")
    open_page(page, core, f"/runs/{task_id}")
    actor.fail(task_id, "alpha", "rate limited", attempt=1)
    retry_at = wait_until(lambda: core.task(task_id).get("retry_at"), "the REST API to report when the next attempt begins")

    alpha = gantt_bar(page, "alpha")
    wait_until(lambda: alpha.get_attribute("data-retry-at"), "the bar to show when the next attempt begins")
    assert parse_time(alpha.get_attribute("data-retry-at")) == parse_time(retry_at)
    expect(gantt_meta(page, "alpha")).to_contain_text("attempt 1 failed, next in")
    expect(page.locator(".facts")).to_contain_text("The current step's next attempt begins")
    screenshots(page, "run-retry-waits")

    page.get_by_test_id("stop-run").click()
    run_state = page.get_by_test_id("run-state")
    expect(run_state).to_have_attribute("data-outcome", "stopped")
    expect(alpha).not_to_have_attribute("data-retry-at", re.compile("."))
    steps = core.task(task_id)["steps"]
    assert steps[0]["attempts"] == 1 and "retry_at" not in core.task(task_id), f"the stopped run went on: {steps}"
    assert not actor.has_action(task_id, "alpha", attempt=2), "the stopped run sent the attempt it waited for"
    page.console_errors.assert_clean()
