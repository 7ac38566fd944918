"""A core with a pre-shared key: signing in with the key, the session cookie that follows, and
the refusal of state changes that lack the CSRF header."""

from playwright.sync_api import expect

from conftest import PSK
from dashboard import open_page

SESSION_COOKIE = "rota_session"


def session_cookies(context):
    """The browser's rota_session cookies."""
    return [cookie for cookie in context.cookies() if cookie["name"] == SESSION_COOKIE]


def is_session_refusal(text, url):
    """Whether a console error is the browser's note that POST /ui/session was answered 401."""
    return "401" in text and url.endswith("/ui/session")


def test_signing_in_with_the_key_opens_a_cookie_session_that_survives_a_reload(psk_core, context, page, screenshots):
    """A wrong key is refused with no session; the right one opens an HttpOnly, SameSite=Strict
    cookie session that survives a reload, and the page keeps no key."""
    open_page(page, psk_core, "/runs")
    form = page.get_by_test_id("login-form")
    expect(form).to_be_visible()
    expect(page.get_by_test_id("login-error")).to_be_hidden()
    assert page.request.get(f"{psk_core.url}/ui/session").json() == {"psk_required": True, "authenticated": False}
    screenshots(page, "login")

    page.console_errors.expect_once(is_session_refusal)
    page.get_by_test_id("login-key").fill("not-the-key")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-error")).to_be_visible()
    expect(form).to_be_visible()
    assert session_cookies(context) == []

    page.get_by_test_id("login-key").fill(PSK)
    page.get_by_test_id("login-submit").click()
    expect(form).to_be_hidden()
    expect(page.get_by_test_id("start-workflow-select")).to_be_visible()
    [cookie] = session_cookies(context)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/"
    assert SESSION_COOKIE not in page.evaluate("document.cookie")

    page.reload()
    expect(page.get_by_test_id("start-workflow-select")).to_be_visible()
    expect(form).to_be_hidden()
    assert page.request.get(f"{psk_core.url}/ui/session").json() == {"psk_required": True, "authenticated": True}
    stored = page.evaluate(
        "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert PSK not in stored, f"the key is kept in the page's storage: {stored}"
    page.console_errors.assert_clean()


def test_a_state_change_without_the_csrf_header_is_refused(psk_core, context, page):
    """With the session cookie, a POST lacking X-Rota-CSRF is refused with 403 and starts nothing;
    the same POST with the header is accepted."""
    open_page(page, psk_core, "/runs")
    page.get_by_test_id("login-key").fill(PSK)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("start-workflow-select")).to_be_visible()
    assert len(session_cookies(context)) == 1

    run_url = f"{psk_core.url}/workflows/steps3/run"
    refused = context.request.post(run_url)
    assert refused.status == 403, f"POST without X-Rota-CSRF answered {refused.status}: {refused.text()}"
    history = context.request.get(f"{psk_core.url}/history")
    assert history.status == 200, f"GET /history with the cookie answered {history.status}"
    assert history.json() == [], "the refused request started a run"

    accepted = context.request.post(run_url, headers={"X-Rota-CSRF": "1"})
    assert accepted.status == 200, f"POST with X-Rota-CSRF answered {accepted.status}: {accepted.text()}"
    page.console_errors.assert_clean()
