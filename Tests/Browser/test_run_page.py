"""A run's own page: its state, and a Gantt chart with one bar per step in the workflow's order."""

from playwright.sync_api import expect

from dashboard import STEPS3, attribute_list, by_test_id, open_page
from waiting import wait_until


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
