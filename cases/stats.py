"""What fixes what: statistics over recorded outcomes, for the Outcomes page.

Filters: demo cases in or out, a date range of the outcomes, the roles of the cases, and who
recorded them (signed-in agents, anonymous visitors: kept apart, so the public can't make a step
look like the fix). Each figure keeps the ids of the cases behind it, so the page can link to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pandas as pd
from sqlalchemy import bindparam, text

from cases.store import CaseStore

_QUERY = """
SELECT o.case_id, o.step_id, o.outcome, o.symptom, o.at, o.id, c.role
FROM step_outcomes o JOIN cases c ON c.id = o.case_id
WHERE (:demo OR c.demo = false) AND o.at >= :since AND o.at < :until {roles} {by}
ORDER BY o.case_id, o.at, o.id
"""


@dataclass
class Stats:
    by_step: pd.DataFrame  # symptom, step_id, tried, fixed, didnt_help, fix_rate, cases (ids)
    avg_steps_to_fix: float | None
    unresolved: pd.DataFrame  # path, cases
    cases_with_outcomes: int
    resolved_cases: int


def _bound(day: date | None, default: datetime, end: bool = False) -> datetime:
    if day is None:
        return default
    moment = datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
    return moment


def stats(store: CaseStore, *, include_demo: bool = True, since: date | None = None, until: date | None = None,
          roles: list[str] | None = None, recorded_by: str | None = None) -> Stats:
    """``recorded_by``: "agents" (signed-in), "anonymous", or None for both."""
    by = {"agents": "AND o.by_agent = true", "anonymous": "AND o.by_agent = false"}.get(recorded_by or "", "")
    query = _QUERY.format(roles="AND c.role IN :roles" if roles else "", by=by)
    params = {"demo": include_demo, "since": _bound(since, datetime(1970, 1, 1, tzinfo=UTC)),
              "until": _bound(until, datetime(9999, 1, 1, tzinfo=UTC), end=True)}
    statement = text(query)
    if roles:
        statement = statement.bindparams(bindparam("roles", expanding=True))
        params["roles"] = list(roles)
    with store.engine.connect() as conn:
        df = pd.read_sql(statement, conn, params=params)
    if df.empty:
        empty = pd.DataFrame(columns=["symptom", "step_id", "tried", "fixed", "didnt_help", "fix_rate", "cases"])
        return Stats(empty, None, pd.DataFrame(columns=["path", "cases"]), 0, 0)
    by_step = (df.assign(fixed=df["outcome"].eq("fixed"), didnt_help=df["outcome"].eq("didnt_help"))
               .groupby(["symptom", "step_id"]).agg(tried=("outcome", "size"), fixed=("fixed", "sum"),
                                                    didnt_help=("didnt_help", "sum"),
                                                    cases=("case_id", lambda s: list(dict.fromkeys(s))))
               .reset_index())
    by_step["fix_rate"] = (by_step["fixed"] / by_step["tried"]).round(3)
    by_step = by_step.sort_values(["symptom", "fix_rate", "tried"], ascending=[True, False, False])
    # Steps to resolution: outcomes recorded up to and including the first "fixed", per case.
    df["n"] = df.groupby("case_id").cumcount() + 1
    first_fix = df[df["outcome"] == "fixed"].groupby("case_id")["n"].min()
    resolved = set(first_fix.index)
    open_ = df[~df["case_id"].isin(resolved)]
    unresolved = (open_.groupby("case_id")["step_id"].agg(" → ".join).value_counts().rename("cases")
                  .rename_axis("path").reset_index().head(10))
    return Stats(by_step.reset_index(drop=True), float(first_fix.mean()) if len(first_fix) else None,
                 unresolved, int(df["case_id"].nunique()), len(resolved))
