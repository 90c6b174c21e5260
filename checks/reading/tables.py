"""Tables copied from the Stripe Dashboard with a count per decline reason: the most frequent leads.

A row is a reason (a decline code, ``do_not_honor``, or its words, "Do not honor") followed by a
count, the first number after it on the line. Two such rows or more make a table; one row is prose.
The Payments list copied from the Dashboard counts by its rows instead: each failed payment is a row, its
status ("Failed") followed by its reason in a column of its own ("Failed   Do not honor   r***@…").
"""

from __future__ import annotations

import re

#: a Payments list's cells: two spaces, a tab or a bar apart; its failed rows' status
_CELL = re.compile(r"[ ]{2,}|\t|\s*\|\s*")
_FAILED = frozenset({"failed", "declined", "blocked", "incomplete"})
_ROW = re.compile(r"(?m)^[ \t|•*-]*([A-Za-z][A-Za-z_ ]{2,60}?)[ \t]*[\t|,;:]?[ \t]+(\d{1,7})(?:[ \t].*)?$")


def ranked(text: str, known: set[str] | frozenset[str]) -> list[tuple[str, int]]:
    """(code, count) per row, most frequent first (ties keep the table's order); [] when not a table."""
    rows: dict[str, int] = {}
    for m in _ROW.finditer(text[:200_000]):
        code = re.sub(r"[\s_]+", "_", m.group(1).strip().casefold())
        if code in known:
            rows[code] = rows.get(code, 0) + int(m.group(2))
    if len(rows) < 2:
        rows = _by_status_rows(text, known)
    if len(rows) < 2 and sum(rows.values()) < 2:
        return []
    return sorted(rows.items(), key=lambda kv: -kv[1])


def _by_status_rows(text: str, known: set[str] | frozenset[str]) -> dict[str, int]:
    """Failed rows of a Payments list per reason, the reason in any column of its own (two rows at least: one row
    is a line of prose)."""
    rows: dict[str, int] = {}
    for line in text[:200_000].splitlines():
        cells = [c.strip().casefold() for c in _CELL.split(line)]
        if len(cells) < 3 or not _FAILED.intersection(cells):
            continue
        for cell in cells:
            code = re.sub(r"[\s_]+", "_", cell)
            if code in known:
                rows[code] = rows.get(code, 0) + 1
                break
    return rows if sum(rows.values()) >= 2 else {}
