"""Fixtures of the dashboard's browser tests: a real `rota core` (and one with a pre-shared key),
actors the test releases step by step, and a headless Chromium page that records console errors.

Environment: ROTA_BIN (the rota binary; default <repo>/.build/debug/rota), ROTA_CHROMIUM (the
Chromium executable; default /usr/bin/chromium), ROTA_SCREENSHOTS (the folder screenshots are
saved into; default <repo>/.build/browser-screenshots)."""

import os
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from console_errors import ConsoleErrors
from rota_core import RotaCore
from scripted_actor import ScriptedActor

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORKFLOWS = HERE / "workflows"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000
PSK = "browser-test-key-" + secrets.token_hex(8)

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def rota_binary():
    """The rota executable under test."""
    binary = Path(os.environ.get("ROTA_BIN", REPO / ".build/debug/rota"))
    if not os.access(binary, os.X_OK):
        pytest.exit(f"{binary} is missing: run `swift build` first (or set ROTA_BIN)", returncode=2)
    return binary


@pytest.fixture(scope="session")
def screenshots():
    """The folder screenshots are saved into; `save(page, name)` writes NAME.png there."""
    folder = Path(os.environ.get("ROTA_SCREENSHOTS", REPO / ".build/browser-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        """Saves what the page shows as NAME.png."""
        page.screenshot(path=str(folder / f"{name}.png"), full_page=False)

    return save


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (never a downloaded build)."""
    executable = os.environ.get("ROTA_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def core(rota_binary, tmp_path):
    """A core without a pre-shared key, holding the workflows of Tests/Browser/workflows."""
    started = RotaCore(rota_binary, tmp_path / "core", WORKFLOWS)
    try:
        yield started.start()
    finally:
        started.stop()


@pytest.fixture
def psk_core(rota_binary, tmp_path):
    """A core that requires the pre-shared key `PSK`."""
    started = RotaCore(rota_binary, tmp_path / "psk-core", WORKFLOWS, psk=PSK)
    try:
        yield started.start()
    finally:
        started.stop()


@pytest.fixture
def actor(core):
    """An actor subscribed to alpha, beta and gamma (the steps of `steps3`) that answers each
    action when the test releases it."""
    started = ScriptedActor(core, "browser-test-actor", ["alpha", "beta", "gamma"])
    try:
        yield started.start()
    finally:
        started.stop()


@pytest.fixture
def context(browser):
    """A fresh browser context (own cookies and storage) with a desktop viewport."""
    created = browser.new_context(viewport=DESKTOP)
    created.set_default_timeout(TIMEOUT_MS)
    try:
        yield created
    finally:
        created.close()


@pytest.fixture
def page(context):
    """A page whose console errors are collected (`page.console_errors`); dialogs are accepted
    as a user confirming would. The errors are printed at the end, so that a failing test shows
    them whatever it failed on."""
    opened = context.new_page()
    opened.console_errors = ConsoleErrors(opened)
    opened.on("dialog", lambda dialog: dialog.accept())
    yield opened
    for error in opened.console_errors.errors:
        print(f"browser: {error}")
