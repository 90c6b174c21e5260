"""What a check shows, as typed records: one small frozen dataclass per kind of evidence.

Made at the check's boundary, from plain records only (no DataFrames, no SDK objects), so the
conversation, ``st.session_state`` and the case store can carry them, save them and restore them
without guessing what they hold. The page picks its renderer with ``match`` on the type.

``to_dict`` gives JSON with a ``kind``; ``evidence_from_dict`` is its inverse. Fields named in a
class's ``SESSION_ONLY`` (the full failed-rows download of an export) are never serialised: they
live in the running session and are gone when it ends.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

Row = dict[str, Any]


@dataclass(frozen=True)
class Evidence:
    kind: ClassVar[str] = ""
    SESSION_ONLY: ClassVar[frozenset[str]] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)
                if f.name not in self.SESSION_ONLY}
        return {"kind": self.kind, **data}

    def replace(self, **changes: Any) -> Evidence:
        return dataclasses.replace(self, **changes)

    def map_text(self, fn: Callable[[str], str]) -> Evidence:
        """A copy with ``fn`` applied to every string inside (masking, escaping); bytes are left alone."""
        return dataclasses.replace(self, **{f.name: _map(getattr(self, f.name), fn)
                                            for f in dataclasses.fields(self)})


def _map(value: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, tuple | list):
        return type(value)(_map(v, fn) for v in value)
    if isinstance(value, dict):
        return {(fn(k) if isinstance(k, str) else k): _map(v, fn) for k, v in value.items()}
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class KeyEvidence(Evidence):
    """A key classified offline: its masked form and kind, never the key."""

    kind: ClassVar[str] = "key"
    masked: str = "…"
    key_kind: str = ""
    mode: str = ""
    notes: tuple[str, ...] = ()
    advice: str = ""


@dataclass(frozen=True)
class LiveCheckEvidence(Evidence):
    """What Stripe said about an account: the account, failed payments, subscriptions, invoices."""

    kind: ClassVar[str] = "live_check"
    masked: str = "…"
    mode: str = ""
    account: Row | None = None
    charges_seen: int = 0
    failed_payments: tuple[Row, ...] = ()
    subscriptions: tuple[Row, ...] = ()
    invoices: tuple[Row, ...] = ()
    cycles: tuple[Row, ...] = ()
    checked: dict[str, bool] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportEvidence(Evidence):
    """A payments export, summarised: counts, reasons, failures per day, customers, failed rows."""

    kind: ClassVar[str] = "export"
    SESSION_ONLY: ClassVar[frozenset[str]] = frozenset({"download"})
    file_name: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    summary: Row = field(default_factory=dict)
    by_reason: tuple[Row, ...] = ()
    daily: tuple[Row, ...] = ()
    by_customer: tuple[Row, ...] = ()
    failed_rows: tuple[Row, ...] = ()
    #: Subscriptions in Kartra's retry cycle (checks.retry), most urgent first.
    cycles: tuple[Row, ...] = ()
    #: The failed rows as a spreadsheet-safe CSV, built once per upload; session only.
    download: bytes | None = None


@dataclass(frozen=True)
class ProductEvidence(Evidence):
    kind: ClassVar[str] = "product"
    product: str = ""
    modules: tuple[Row, ...] = ()
    integrations: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccountMatchEvidence(Evidence):
    """Which Stripe account has the publishable key Kartra shows."""

    kind: ClassVar[str] = "account_match"
    kartra_key: str = ""
    accounts: tuple[Row, ...] = ()
    match: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class IntegratedEvidence(Evidence):
    """Is the selected Stripe account already one of the Kartra integrations."""

    kind: ClassVar[str] = "already_integrated"
    selected: Row = field(default_factory=dict)
    integrations: tuple[Row, ...] = ()


KINDS: dict[str, type[Evidence]] = {
    cls.kind: cls for cls in (KeyEvidence, LiveCheckEvidence, ExportEvidence, ProductEvidence,
                              AccountMatchEvidence, IntegratedEvidence)
}


def evidence_from_dict(data: Any) -> Evidence | None:
    """Rebuild evidence saved with ``to_dict``; None for anything unknown or malformed."""
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        return None
    cls = KINDS[data["kind"]]
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in cls.SESSION_ONLY or f.name not in data:
            continue
        value = data[f.name]
        if isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    try:
        return cls(**kwargs)
    except TypeError:
        return None
