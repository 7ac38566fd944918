"""Addressing the dashboard's pages and the elements the contract names (data-testid hooks)."""

STEPS3 = ["alpha", "beta", "gamma"]


def open_page(page, core, route):
    """Loads the dashboard of `core` at the hash route (`/runs`, `/workflows/steps3`, ...)."""
    page.goto(f"{core.url}/ui#{route}")


def by_test_id(scope, test_id, **attributes):
    """The elements under `scope` with the data-testid and the given data-* attributes
    (`task_id="..."` matches `data-task-id`)."""
    selector = f'[data-testid="{test_id}"]'
    for name, value in attributes.items():
        selector += f'[data-{name.replace("_", "-")}="{value}"]'
    return scope.locator(selector)


def attribute_list(locator, name):
    """The attribute `name` of every element the locator matches, in document order."""
    return locator.evaluate_all(f"elements => elements.map(element => element.getAttribute({name!r}))")
