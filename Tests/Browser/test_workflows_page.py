"""The workflows page and a workflow's own page: its steps in order, its YAML, and running it."""

from playwright.sync_api import expect

from dashboard import STEPS3, attribute_list, by_test_id, open_page
from waiting import wait_until


def test_the_workflows_page_lists_the_defined_workflows(core, page, screenshots):
    """The workflows of the folder and the default ones have rows."""
    open_page(page, core, "/workflows")
    for workflow_id in ("steps3", "unserved", "collect"):
        expect(by_test_id(page, "workflow-row", workflow_id=workflow_id)).to_be_visible()
    screenshots(page, "workflows")
    page.console_errors.assert_clean()


def test_a_workflow_page_shows_its_steps_in_order_and_its_yaml(core, page, screenshots):
    """steps3's page lists its steps in order, shows its YAML, and its button starts a run."""
    open_page(page, core, "/workflows/steps3")
    steps = by_test_id(page.get_by_test_id("workflow-steps"), "workflow-step")
    expect(steps).to_have_count(3)
    assert attribute_list(steps, "data-step") == STEPS3
    definition = page.get_by_test_id("workflow-yaml")
    expect(definition).to_be_visible()
    assert definition.evaluate("element => element.tagName") == "PRE"
    text = definition.inner_text()
    for expected in ("steps3", *STEPS3):
        assert expected in text, f"the YAML lacks {expected!r}:\n{text}"
    expect(page.get_by_test_id("workflow-durations")).to_have_count(1)
    screenshots(page, "workflow")

    page.get_by_test_id("run-workflow").click()
    wait_until(lambda: [entry for entry in core.get("/history") if entry["workflow"] == "steps3"],
               "the run started from the workflow page to reach the history")
    page.console_errors.assert_clean()
