"""Analyse a payments export (Stripe Dashboard CSV, or any CSV with guessable columns) with pandas.

It answers the first question of the articles: do one or a few customers fail (basic
troubleshooting), or does everything fail since some date (advanced)? Bad files get a sentence
naming the problem; nothing raises.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from rapidfuzz import fuzz

import knowledge
from checks.evidence import ExportEvidence
from checks.finding import Finding
from checks.message import read_message
from checks.scope import decide_scope, trailing_run

MAX_BYTES = 150 * 1024 * 1024
#: Rows of each table kept as evidence (shown, and saved with the case); the download has them all.
KEEP_ROWS = 200

ROLES: dict[str, list[str]] = {
    "date": ["Created date (UTC)", "created", "created at", "date", "payment date", "timestamp", "time", "when",
             "day"],
    "amount": ["Amount", "amount", "total", "price", "charge amount"],
    "currency": ["Currency", "currency"],
    "status": ["Status", "payment status", "state", "result", "outcome", "charge status"],
    "reason": ["Decline Reason", "decline code", "decline reason", "failure code", "failure reason",
               "failure message", "error", "reason", "Seller Message"],
    "customer": ["Customer Email", "email", "customer email", "customer", "Customer ID", "buyer", "payer"],
    "invoice": ["Invoice ID", "invoice", "subscription", "subscription id", "invoice id"],
}
FAILED = {"failed", "fail", "declined", "error", "unsuccessful", "blocked", "requires_payment_method"}
_MAGIC = {b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP or Excel file", b"\x89PNG": "a PNG image",
          b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image", b"\x1f\x8b": "a gzip archive"}


def _read_bytes(source: Any, max_bytes: int) -> tuple[bytes | None, str | None]:
    """The file's bytes, or a sentence saying why not (too big, unreadable)."""
    try:
        if isinstance(source, str | Path | os.PathLike):
            size = os.path.getsize(source)
            if size > max_bytes:
                return None, _too_big(size)
            return Path(source).read_bytes(), None
        if isinstance(source, bytes | bytearray | memoryview):
            data = bytes(source)
        else:
            data = source.read(max_bytes + 1)
            if isinstance(data, str):
                data = data.encode("utf-8")
        if len(data) > max_bytes:
            return None, _too_big(getattr(source, "size", None) or len(data))
        return data, None
    except OSError as exc:
        return None, f"The file could not be read ({exc.strerror or 'unknown error'})."


def _too_big(size: int) -> str:
    return (f"The file is {size / 1024 / 1024:,.0f} MB, more than the {MAX_BYTES // 1024 // 1024} MB this "
            "check reads. In Stripe, filter the payments export by date (the last 30 days is plenty) and "
            "export again.")


def _decode(data: bytes) -> tuple[str | None, str, str | None]:
    """(text if not utf-8, encoding, note)."""
    try:
        data.decode("utf-8")
        return None, "utf-8", None
    except UnicodeDecodeError:
        pass
    for enc in ("cp1252", "latin-1"):
        try:
            return data.decode(enc), enc, f"The file is not UTF-8; read it as {enc}."
        except UnicodeDecodeError:
            continue
    return None, "", None


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """Which column plays which role (date, amount, status, reason, customer, invoice, currency).

    Exact names first (a Stripe export maps without guessing), then the best fuzzy pairs overall,
    so one column never serves two roles.
    """
    mapping: dict[str, str] = {}
    lower = {c.strip().lower(): c for c in columns}
    for role, names in ROLES.items():
        for name in names:
            col = lower.get(name.lower())
            if col and col not in mapping.values():
                mapping[role] = col
                break
    pairs = []
    for role, names in ROLES.items():
        if role in mapping:
            continue
        for col in columns:
            if col in mapping.values():
                continue
            score = max(fuzz.token_set_ratio(n.lower(), col.strip().lower()) for n in names)
            pairs.append((score, role, col))
    for score, role, col in sorted(pairs, reverse=True):
        if score < 80:
            break
        if role not in mapping and col not in mapping.values():
            mapping[role] = col
    return mapping


def _to_code(reason: str) -> str | None:
    declines = knowledge.load().declines
    r = str(reason).strip().lower()
    if r in declines:
        return r
    return read_message(str(reason)).get("decline_code")


def analyse_export(source: str | Path | bytes | BinaryIO, *, max_bytes: int = MAX_BYTES) -> Finding:
    """Failure rate, reasons, customers and scope from a payments export. Never raises."""
    try:
        return _analyse(source, max_bytes)
    except Exception as exc:  # noqa: BLE001 - a bad file must never break the conversation
        return Finding(problems=[f"This file could not be analysed ({type(exc).__name__}). Export the payments "
                                 "again from Stripe (Payments › Export) as CSV and upload that file."])


def _analyse(source: Any, max_bytes: int) -> Finding:
    data, why = _read_bytes(source, max_bytes)
    if data is None:
        return Finding(problems=[why or "The file could not be read."])
    if not data[:65536].strip() and not data.strip():
        return Finding(problems=["The file is empty. Export the payments again from Stripe as CSV."])
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return Finding(problems=[f"This is {what}, not a CSV file. In Stripe, use Payments › Export and "
                                     "choose CSV."])
    if b"\x00" in data[:8192]:
        return Finding(problems=["This file is binary, not a CSV text file. Export the payments from Stripe as CSV."])
    text, encoding, note = _decode(data)
    notes = [note] if note else []
    buf: Any = io.StringIO(text) if text is not None else io.BytesIO(data)
    try:
        header = pd.read_csv(buf, nrows=0, sep=None if text is None and b"," not in data[:4096] else ",",
                             engine="python" if b"," not in data[:4096] else "c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return Finding(problems=["This file isn't a readable CSV. Export the payments from Stripe as CSV."])
    columns = [str(c) for c in header.columns]
    mapping = guess_mapping(columns)
    if "status" not in mapping and "reason" not in mapping:
        shown = ", ".join(columns[:8]) + ("…" if len(columns) > 8 else "")
        return Finding(
            problems=[f"I couldn't find a payment status or decline reason column (columns found: {shown}). "
                      "Upload Stripe's payments export, or a CSV with a Status column."],
            evidence=ExportEvidence(mapping=mapping, columns=tuple(columns)))
    usecols = list(dict.fromkeys(mapping.values()))
    buf.seek(0)
    sep = "," if "," in (text[:4096] if text is not None else data[:4096].decode("utf-8", "replace")) else None
    kwargs: dict[str, Any] = {"usecols": usecols, "dtype": str, "keep_default_na": True}
    if text is None and sep == ",":
        try:
            df = pd.read_csv(buf, engine="pyarrow", **kwargs)
        except Exception:  # noqa: BLE001 - pyarrow is stricter; the C engine is the fallback
            buf.seek(0)
            df = pd.read_csv(buf, on_bad_lines="skip", **kwargs)
    else:
        df = pd.read_csv(buf, sep=sep, engine="python" if sep is None else "c", on_bad_lines="skip", **kwargs)
    df = df.rename(columns={v: k for k, v in mapping.items()})
    if df.empty:
        return Finding(problems=["The file has a header but no payments in it."],
                       evidence=ExportEvidence(mapping=mapping))
    return _summarise(df, mapping, notes)


def _summarise(df: pd.DataFrame, mapping: dict[str, str], notes: list[str]) -> Finding:
    if "status" in df:
        # Statuses take a handful of values: normalise the distinct ones, not a million strings.
        failed_values = [v for v in df["status"].dropna().unique() if str(v).strip().lower() in FAILED]
        failed = df["status"].isin(failed_values)
    else:
        failed = df["reason"].notna() & (df["reason"].str.strip() != "")
    df = df.assign(failed=failed)
    if "reason" not in df:
        df["reason"] = None
    reasons = df.loc[df["failed"], "reason"].fillna("").astype(str).str.strip()
    df["reason"] = df["reason"].where(~df["failed"], reasons.where(reasons != "", "(no reason given)"))
    if "date" in df:
        raw_dates = df["date"]
        df["date"] = pd.to_datetime(raw_dates, errors="coerce", utc=True, format="%Y-%m-%d %H:%M:%S")
        if df["date"].isna().mean() > 0.5:  # not Stripe's format: let pandas work it out per value
            df["date"] = pd.to_datetime(raw_dates, errors="coerce", utc=True, format="mixed")
        if df["date"].isna().all():
            notes.append("The date column could not be read as dates.")
    total, n_failed = len(df), int(df["failed"].sum())
    fails = df[df["failed"]]
    facts: dict[str, Any] = {}
    summary: dict[str, Any] = {"rows": total, "failed": n_failed, "failure_rate": round(n_failed / total, 4)}
    by_reason = (fails.groupby("reason").size().sort_values(ascending=False).rename("count").reset_index())
    declines = knowledge.load().declines
    by_reason["share"] = (by_reason["count"] / max(n_failed, 1)).round(3)
    codes = {r: _to_code(r) for r in by_reason["reason"].head(50)}
    by_reason["decline_code"] = by_reason["reason"].map(codes)
    by_reason["who acts"] = by_reason["decline_code"].map(lambda c: declines[c].actor if c in declines else "")
    by_reason["meaning"] = by_reason["decline_code"].map(lambda c: declines[c].meaning if c in declines else "")
    failed_rows = fails.drop(columns=["failed"])
    evidence: dict[str, Any] = {"mapping": mapping, "notes": tuple(notes), "summary": summary,
                                "by_reason": _records(by_reason.head(50)),
                                "failed_rows": _records(failed_rows.head(KEEP_ROWS)),
                                "download": failed_rows.to_csv(index=False).encode("utf-8")}
    if n_failed:
        facts["error"] = "card_declined"
        top = next((c for c in by_reason["decline_code"] if c), None)
        if top:
            facts["decline_code"] = top
    if "customer" in df:
        # Only customers with a failure matter: count over the (small) failed rows, not all payments.
        who = fails["customer"].fillna("(unknown)")
        failures = who.value_counts().rename("failures")
        payments = df.loc[df["customer"].isin(failures.index), "customer"].value_counts().rename("payments")
        evidence["by_customer"] = _records(
            pd.concat([failures, payments], axis=1).fillna(0).astype(int).rename_axis("customer")
            .sort_values("failures", ascending=False).reset_index().head(KEEP_ROWS))
    if "date" in df and df["date"].notna().any():
        dated = df.dropna(subset=["date"]).sort_values("date")
        summary["first"] = str(dated["date"].iloc[0].date())
        summary["last"] = str(dated["date"].iloc[-1].date())
        day = dated["date"].dt.tz_convert(None).dt.normalize()
        daily = (dated[dated["failed"]].assign(day=day.dt.strftime("%Y-%m-%d")).groupby(["day", "reason"]).size()
                 .rename("failures").reset_index())
        evidence["daily"] = _records(daily)
        # Everything failing since a date: a trailing run of failures with no success after it.
        run = trailing_run(list(dated["failed"].to_numpy()))
        if run:
            summary["since"] = str(dated["date"].iloc[len(dated) - run].date())
    else:
        run = 0
    scope = decide_scope(payments=total, failed=n_failed, trailing_failures=run,
                         failing_customers=int(fails["customer"].nunique()) if "customer" in df else None)
    if scope:
        facts["scope"] = scope
    if scope != "all":
        summary.pop("since", None)
    if n_failed and "invoice" in df:
        linked = fails["invoice"].notna() & (fails["invoice"].astype(str).str.strip() != "")
        facts["purchase"] = "recurring" if linked.mean() >= 0.5 else "new"
    return Finding(facts=facts, evidence=ExportEvidence(**evidence))


def _records(df: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    """Plain JSON-able rows: numpy scalars become Python numbers, timestamps ISO text, NaN None."""
    out = []
    for row in df.to_dict(orient="records"):
        out.append({str(k): _scalar(v) for k, v in row.items()})
    return tuple(out)


def _scalar(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if hasattr(v, "item"):
        v = v.item()
        return None if isinstance(v, float) and v != v else v
    return v
