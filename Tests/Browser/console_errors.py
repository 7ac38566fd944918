"""Collects what a page reports as errors: console messages of type error and uncaught exceptions."""


class ConsoleErrors:
    """Listens to a page's `console` and `pageerror` events and keeps the errors among them."""

    def __init__(self, page):
        """Starts listening to `page`."""
        self.errors = []
        self._expected = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _on_console(self, message):
        """Keeps a console message of type error unless an expectation accepts it."""
        if message.type != "error":
            return
        location = message.location.get("url", "") if message.location else ""
        for index, accepts in enumerate(self._expected):
            if accepts(message.text, location):
                del self._expected[index]
                return
        self.errors.append(f"console error: {message.text} ({location})")

    def expect_once(self, accepts):
        """Accepts the next console error for which `accepts(text, url)` is true, once: for the
        message the browser itself logs when a request the test provokes is refused."""
        self._expected.append(accepts)

    def assert_clean(self):
        """Fails with every error collected so far."""
        assert not self.errors, "the browser reported errors:\n" + "\n".join(self.errors)
