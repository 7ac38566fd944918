"""Generate Rota's cron fixture: random expressions and their next fire times, from croniter.

Rota parses and evaluates cron expressions itself (Sources/RotaModel/Cron). This script checks
that work against croniter, an established implementation: with a fixed seed it writes
random expressions and random start times, and for each the next five fire times strictly after
the start, all in UTC, to Tests/RotaModelTests/Fixtures/cron-croniter.jsonl, one JSON object
a line: {"expr": ..., "start": ISO, "next": [ISO, ...]}. "next" is empty for an expression that
never fires (such as "0 0 30 2 *").

The expressions mix "*", values, ranges, steps ("*/n", "a-b/n", "a/n"), comma lists, month and
weekday names in any case, 7 for Sunday, macros, and every combination of restricted and "*"
day-of-month and day-of-week fields. Start times run from 2000 to 2040 and favour leap days,
month ends and exact fire times. croniter is told Vixie cron's day rule: days match both day
fields when either field starts with "*", else either field
(day_or = not (dom.startswith('*') or dow.startswith('*'))).

Constructs that croniter reads differently from Vixie cron, and so are never generated:

* Ranges whose start equals their end ("5-5", "MON-MON"): croniter widens them to the whole
  field (it treats "Jan-Jan" as a full cycle); Vixie cron matches the single value.
* Ranges whose start is after their end ("FRI-MON", minutes "50-10"): croniter wraps them around;
  Vixie cron and Rota reject them.
* Day-of-week "a/n" whose steps reach 7 ("1/2", "3/4", "7/3"): Vixie cron reads "a/n" as
  "a-7/n", so these include Sunday as 7; croniter reads them as "a-6/n" (and "7/n" as "0-6/n"),
  leaving Sunday out or adding other days.
* With neither day field starting with "*" (so days match either field), a day field holding
  a bare "*" later in its list ("7,*") or whose values cover the whole field while the other
  field's text contains a "*" ("1-31" with "1,*/2"): croniter then keeps a literal "*" among the
  field's values, or collapses the field to "*", and requires both day fields to match, where
  Vixie cron accepts every day. Detected with croniter.expand and skipped.
* croniter's own extensions (L, W, #, ?, H, R, seconds and year fields), which are not Vixie
  cron syntax and which Rota rejects.

Usage, from the repository root:
    python3 -m venv /tmp/croniter-venv
    /tmp/croniter-venv/bin/pip install -r scripts/cron-fixture/requirements.txt
    /tmp/croniter-venv/bin/python scripts/cron-fixture/generate.py
"""

import datetime
import json
import pathlib
import random

from croniter import CroniterBadDateError, croniter

SEED = 20260501
CASES = 11_000
FIRES = 5
OUTPUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/RotaModelTests/Fixtures/cron-croniter.jsonl"

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
# name: (lowest value, highest value, names for the values from the lowest on)
FIELDS = {
    "minute": (0, 59, None),
    "hour": (0, 23, None),
    "dom": (1, 31, None),
    "month": (1, 12, MONTHS),
    "dow": (0, 7, DAYS),
}
UTC = datetime.timezone.utc


def spell(rng, field, value):
    """A value as a number or, where the field has names, sometimes as a name in any case."""
    low, _, names = FIELDS[field]
    index = value - low
    if names and index < len(names) and rng.random() < 0.4:
        return rng.choice([str.upper, str.lower, str.title])(names[index])
    return str(value)


def step(rng, low, high):
    span = high - low + 1
    return rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 7, 10, 12, 15, rng.randint(1, span), rng.randint(1, span + 10)])


def entry(rng, field):
    """One list entry: a value, a range, or a step."""
    low, high, _ = FIELDS[field]
    kind = rng.choices(["value", "range", "star-step", "range-step", "start-step", "star"], [40, 25, 12, 10, 8, 5])[0]
    if kind == "value":
        return spell(rng, field, rng.randint(low, high))
    if kind == "star":
        return "*"
    if kind == "star-step":
        return f"*/{step(rng, low, high)}"
    if kind in ("range", "range-step"):
        start, end = sorted(rng.sample(range(low, high + 1), 2))
        text = f"{spell(rng, field, start)}-{spell(rng, field, end)}"
        return text if kind == "range" else f"{text}/{step(rng, start, end)}"
    while True:
        start, every = rng.randint(low, high), step(rng, low, high)
        if field != "dow" or (7 - start) % every != 0:
            return f"{spell(rng, field, start)}/{every}"


def field_text(rng, field, star_weight):
    shape = rng.choices(["star", "star-step", "list"], [star_weight, 10, 100 - star_weight])[0]
    if shape == "star":
        return "*"
    if shape == "star-step":
        low, high, _ = FIELDS[field]
        return f"*/{step(rng, low, high)}"
    return ",".join(entry(rng, field) for _ in range(rng.choices([1, 2, 3, 4], [60, 25, 10, 5])[0]))


def sparse_expression(rng):
    """Expressions that fire rarely or never: late days of short months, February 29, with weekdays."""
    dom = rng.choice(["29", "30", "31", "29-31", "30,31", "28-30/2", "*/29", "*/30", "31/2", "*"])
    month = rng.choice(["2", "FEB", "4", "4,6", "APR,JUN,SEP,NOV", "2,4", "*/11", "*"])
    dow = rng.choice(["*", "*", "0", "7", "SUN", "mon", "1-5", "6-7", "*/3", "*/7", "3,5"])
    return f"{rng.randint(0, 59)} {rng.randint(0, 23)} {dom} {month} {dow}"


def expression(rng):
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(list(MACROS))
    if roll < 0.13:
        return sparse_expression(rng)
    return " ".join(
        [
            field_text(rng, "minute", 20),
            field_text(rng, "hour", 35),
            field_text(rng, "dom", 55),
            field_text(rng, "month", 65),
            field_text(rng, "dow", 55),
        ]
    )


def day_or(expr):
    fields = MACROS.get(expr, expr).split()
    return not (fields[2].startswith("*") or fields[4].startswith("*"))


def reads_like_vixie(expr):
    """False when croniter would read a day field as "*" under the either-field rule."""
    if not day_or(expr):
        return True
    expanded, _ = croniter.expand(MACROS.get(expr, expr))
    return "*" not in expanded[2] and "*" not in expanded[4]


def fires(expr, start, count):
    it = croniter(expr, start, day_or=day_or(expr))
    try:
        return [it.get_next(datetime.datetime) for _ in range(count)]
    except CroniterBadDateError:
        return []


def start_time(rng, expr):
    year = rng.randint(2000, 2040)
    month = rng.randint(1, 12)
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    roll = rng.random()
    if roll < 0.05:
        year = rng.choice([y for y in range(2000, 2041) if y % 4 == 0])
        month, day = 2, 29
    elif roll < 0.2:
        day = last
    else:
        day = rng.randint(1, last)
    hour, minute = (23, 59) if rng.random() < 0.1 else (rng.randint(0, 23), rng.randint(0, 59))
    second = 0 if rng.random() < 0.6 else rng.randint(0, 59)
    start = datetime.datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    if rng.random() < 0.1:
        exact = fires(expr, start, 1)
        if exact:
            return exact[0]
    return start


def iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    rng = random.Random(SEED)
    lines = []
    while len(lines) < CASES:
        expr = expression(rng)
        if not reads_like_vixie(expr):
            continue
        start = start_time(rng, expr)
        case = {"expr": expr, "start": iso(start), "next": [iso(t) for t in fires(expr, start, FIRES)]}
        lines.append(json.dumps(case, separators=(",", ":")))
    OUTPUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
