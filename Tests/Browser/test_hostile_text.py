"""Text from the API that looks like markup is shown as text, never run: subscriber ids, resource
ids and names, and tags that hold HTML and script are drawn literally on every page."""

import urllib.parse

from playwright.sync_api import expect

from dashboard import by_test_id, open_page

MARKUP = '<img src=x onerror="window.rotaInjected=1">'
SCRIPT = "<script>window.rotaInjected=2</script>"


def test_markup_in_subscriber_and_resource_texts_is_shown_as_text(core, page):
    """Each hostile text appears verbatim, no element of its markup is made, and nothing runs."""
    subscriber = "actor" + MARKUP
    status, body = core.request("POST", "/subscriber/" + urllib.parse.quote(subscriber, safe="") + "/alpha")
    assert status == 200, f"the subscriber was refused: {status} {body}"
    resource = {
        "id": "res" + MARKUP, "name": SCRIPT, "kind": "instance", "region": "eu-1",
        "ctime": "2026-01-01T00:00:00Z", "tags": {"owner": MARKUP}, "attributes": {"note": SCRIPT},
    }
    core.merge_resources("test", "browser", [resource])

    open_page(page, core, "/actors")
    row = page.get_by_test_id("subscriber-row").first
    expect(row).to_be_visible()
    expect(row).to_contain_text(subscriber)

    open_page(page, core, "/inventory")
    resource_row = page.get_by_test_id("resource-row").first
    expect(resource_row).to_be_visible()
    expect(resource_row).to_contain_text("res" + MARKUP)

    assert page.evaluate("window.rotaInjected") is None, "markup from the API ran in the page"
    assert page.locator('img[src="x"]').count() == 0, "markup from the API became an element"
    assert page.locator("main script").count() == 0
    page.console_errors.assert_clean()
