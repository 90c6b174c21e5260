"""The project's exceptions: one root, so a caller can catch everything payassist raises.

Lives in ``knowledge`` because every other package already depends on it (the bottom layer)::

    PayassistError
    ├── KnowledgeError          a knowledge or rulebook file is missing, malformed or inconsistent
    ├── RuleEngineError         a rule's action failed inside durable-rules
    ├── CheckError              raised inside a check, turned into a sentence before it leaves it
    │   └── NonGetRequestError  a Stripe request other than GET was attempted (never sent)
    └── StoreError              the case store
        ├── StoreUnavailable    the database can't be reached or set up (message safe to show)
        ├── StoreLost           the SQLite file was deleted or replaced under a running app
        └── StaleCase           a save from a tab that had not seen the case's newest state

Checks never raise on bad input (they return a ``Finding`` with problems); these are for what a
caller can act on.
"""

from __future__ import annotations


class PayassistError(Exception):
    """Root of every exception payassist raises on purpose."""


class KnowledgeError(PayassistError, ValueError):
    """A knowledge file is missing, not YAML, or does not match its schema or the vocabulary."""


class RuleEngineError(PayassistError, RuntimeError):
    """An action inside the durable-rules session failed (durable-rules swallows it otherwise)."""


class CheckError(PayassistError):
    """A problem inside a check; checks turn these into sentences before returning."""


class NonGetRequestError(CheckError, RuntimeError):
    """A request other than GET was attempted; it was not sent."""

    def __init__(self, method: str) -> None:
        super().__init__(f"payassist only reads from Stripe: a {method.upper()} request was blocked")
        self.method = method.upper()


class StoreError(PayassistError, RuntimeError):
    """The case store failed; messages never hold a password."""


class StoreUnavailable(StoreError):
    """The database can't be reached or set up; the message is safe to show (no password)."""


class StoreLost(StoreError):
    """The SQLite file behind the store was deleted or replaced while the app was running."""


class StaleCase(StoreError):
    """A save carried an older version of the case than the one stored: it was not written."""

    def __init__(self, case_id: str, stored: int, seen: int) -> None:
        super().__init__(f"case changed elsewhere (version {stored}, this tab saw {seen})")
        self.case_id, self.stored, self.seen = case_id, stored, seen
