"""Waiting on a condition with a deadline, so that a test waits for what it expects instead of sleeping."""

import time


def wait_until(condition, description, timeout=30.0, interval=0.05):
    """Calls `condition` until it returns a truthy value, and returns that value; raises
    AssertionError naming `description` when `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout:g} s for {description}")
        time.sleep(interval)
