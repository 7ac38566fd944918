"""The runs page: a live run advancing step by step, and runs started and stopped from the page."""

from playwright.sync_api import expect

from conftest import DESKTOP, PHONE
from dashboard import STEPS3, by_test_id, open_page
from waiting import wait_until


def progress_value(run):
    """The run's progress bar value (aria-valuenow) as a number."""
    return float(by_test_id(run, "run-progress").get_attribute("aria-valuenow"))


def test_a_live_run_advances_through_its_steps_and_finishes_without_a_reload(core, actor, page, screenshots):
    """The current step follows the actor's answers live, and the run then shows as succeeded."""
    open_page(page, core, "/runs")
    expect(by_test_id(page, "empty-state").first).to_be_visible()
    page.evaluate("window.rotaBrowserTestMarker = 'loaded once'")

    task_id = core.start_run("steps3")
    run = by_test_id(page, "running-run", task_id=task_id)
    expect(run).to_have_attribute("data-state", "running")
    current_step = by_test_id(run, "run-current-step")
    expect(current_step).to_have_text("alpha")
    expect(by_test_id(run, "run-progress")).to_have_attribute("role", "progressbar")
    expect(by_test_id(run, "run-elapsed")).to_be_visible()
    expect(run.locator(f'a[href$="#/runs/{task_id}"]').first).to_be_visible()
    expect(by_test_id(run, "stop-run")).to_be_visible()
    assert progress_value(run) == 0
    screenshots(page, "runs")
    page.set_viewport_size(PHONE)
    expect(current_step).to_be_visible()
    screenshots(page, "runs-phone")
    page.set_viewport_size(DESKTOP)

    actor.release(task_id, "alpha")
    expect(current_step).to_have_text("beta")
    wait_until(lambda: 0 < progress_value(run) <= 100, "the progress bar to move past 0 once alpha is done")
    actor.release(task_id, "beta")
    expect(current_step).to_have_text("gamma")
    actor.release(task_id, "gamma")

    finished = by_test_id(page, "finished-run", task_id=task_id)
    expect(finished).to_have_attribute("data-outcome", "success")
    expect(finished.locator(f'a[href$="#/runs/{task_id}"]').first).to_be_visible()
    expect(run).to_have_count(0)
    assert page.evaluate("window.rotaBrowserTestMarker") == "loaded once", "the page was reloaded"
    page.console_errors.assert_clean()


def test_a_run_started_from_the_page_is_stopped_from_the_page(core, actor, page):
    """The start button makes one run the REST API lists; the stop button stops it."""
    open_page(page, core, "/runs")
    page.get_by_test_id("start-workflow-select").select_option("steps3")
    page.get_by_test_id("start-workflow").click()

    started = wait_until(lambda: [task for task in core.get("/tasks") if task["workflow"] == "steps3"],
                         "the REST API to list the run started from the page")
    assert len(started) == 1, f"one click started {len(started)} runs"
    task_id = started[0]["task_id"]
    actor.wait_for_action(task_id, "alpha")
    run = by_test_id(page, "running-run", task_id=task_id)
    expect(by_test_id(run, "run-current-step")).to_have_text("alpha")

    by_test_id(run, "stop-run").click()
    stopped = wait_until(lambda: (lambda task: task if task.get("state") == "finished" else None)(core.task(task_id)),
                         "the REST API to show the run finished")
    assert stopped["outcome"] == "stopped"
    actor.wait_for_abort(task_id, "alpha")
    expect(by_test_id(page, "finished-run", task_id=task_id)).to_have_attribute("data-outcome", "stopped")
    expect(run).to_have_count(0)
    assert [entry["task_id"] for entry in core.get("/history")] == [task_id]
    page.console_errors.assert_clean()


def test_the_filters_show_only_the_runs_they_select(core, actor, page):
    """The outcome and workflow filters show only the finished runs they select."""
    succeeded = core.start_run("steps3")
    actor.finish(succeeded, STEPS3)
    stopped = core.start_run("steps3")
    actor.wait_for_action(stopped, "alpha")
    status, body = core.request("POST", f"/tasks/{stopped}/stop")
    assert status == 200, body
    unserved = core.start_run("unserved")
    wait_until(lambda: len(core.get("/history")) == 3, "the three runs to finish")

    open_page(page, core, "/runs")
    finished = by_test_id(page, "finished-run")
    expect(finished).to_have_count(3)
    page.get_by_test_id("filter-outcome").select_option("stopped")
    expect(page.locator('[data-testid="finished-run"]:visible')).to_have_count(1)
    expect(by_test_id(page, "finished-run", task_id=stopped)).to_be_visible()
    page.get_by_test_id("filter-outcome").select_option("success")
    expect(page.locator('[data-testid="finished-run"]:visible')).to_have_count(2)
    page.get_by_test_id("filter-workflow").select_option("unserved")
    expect(page.locator('[data-testid="finished-run"]:visible')).to_have_count(1)
    expect(by_test_id(page, "finished-run", task_id=unserved)).to_be_visible()
    page.console_errors.assert_clean()
