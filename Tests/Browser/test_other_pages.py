"""The actors, inventory and events pages."""

import re

from playwright.sync_api import expect

from dashboard import STEPS3, by_test_id, open_page


def test_the_actors_page_lists_subscribers_and_steps_nobody_serves(core, actor, page, screenshots):
    """The connected actor has a row, and the step of `unserved` is listed as served by nobody."""
    open_page(page, core, "/actors")
    expect(by_test_id(page, "subscriber-row", subscriber_id=actor.subscriber_id)).to_be_visible()
    unserved = page.get_by_test_id("unserved-step")
    expect(unserved.filter(has_text=re.compile("orphan|nobody_serves_this")).first).to_be_visible()
    for step in STEPS3:
        expect(unserved.filter(has_text=step)).to_have_count(0)
    screenshots(page, "actors")
    page.console_errors.assert_clean()


def test_the_inventory_page_counts_and_searches_resources(core, page, screenshots):
    """Merged resources have rows, and the search narrows them to the one it names."""
    resources = [
        {"id": id, "kind": kind, "region": "eu-1", "ctime": "2026-01-01T00:00:00Z", "tags": {}, "attributes": {}}
        for id, kind in (("web-server-1", "instance"), ("web-server-2", "instance"), ("db-volume-1", "volume"))
    ]
    core.merge_resources("test", "browser", resources)
    open_page(page, core, "/inventory")
    expect(page.get_by_test_id("inventory-counts")).to_be_visible()
    for resource in resources:
        expect(by_test_id(page, "resource-row", resource_id=resource["id"])).to_be_visible()
    screenshots(page, "inventory")

    page.get_by_test_id("resource-search").fill("db-volume")
    expect(page.locator('[data-testid="resource-row"]:visible')).to_have_count(1)
    expect(by_test_id(page, "resource-row", resource_id="db-volume-1")).to_be_visible()
    page.console_errors.assert_clean()


def test_the_events_page_shows_the_end_of_a_finished_run(core, actor, page, screenshots):
    """A run finished while the page is open shows its task_end row; the filter keeps only that type."""
    open_page(page, core, "/events")
    expect(page.get_by_test_id("event-filter")).to_be_visible()
    task_id = core.start_run("steps3")
    actor.finish(task_id, STEPS3)
    expect(by_test_id(page, "event-row", message_type="task_end").first).to_be_visible()
    screenshots(page, "events")

    page.get_by_test_id("event-filter").fill("task_end")
    rows = page.locator('[data-testid="event-row"]:visible')
    expect(rows.first).to_be_visible()
    expect(page.locator('[data-testid="event-row"]:not([data-message-type="task_end"]):visible')).to_have_count(0)
    page.console_errors.assert_clean()
