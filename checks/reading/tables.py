"""Tables copied from the Stripe Dashboard with a count per decline reason: the most frequent leads.

A row is a reason (a decline code, ``do_not_honor``, or its words, "Do not honor") followed by a
count, the first number after it on the line. Two such rows or more make a table; one row is prose.
"""

from __future__ import annotations

import re

_ROW = re.compile(r"(?m)^[ \t|•*-]*([A-Za-z][A-Za-z_ ]{2,60}?)[ \t]*[\t|,;:]?[ \t]+(\d{1,7})(?:[ \t].*)?$")


def ranked(text: str, known: set[str] | frozenset[str]) -> list[tuple[str, int]]:
    """(code, count) per row, most frequent first (ties keep the table's order); [] when not a table."""
    rows: dict[str, int] = {}
    for m in _ROW.finditer(text[:200_000]):
        code = re.sub(r"[\s_]+", "_", m.group(1).strip().casefold())
        if code in known:
            rows[code] = rows.get(code, 0) + int(m.group(2))
    if len(rows) < 2:
        return []
    return sorted(rows.items(), key=lambda kv: -kv[1])
