"""Analyse a payments export: Stripe's payments CSV, PayPal's activity download, or any CSV with
guessable columns.

It answers the articles' first question: do one or a few customers fail (basic troubleshooting),
or does everything fail since some date (advanced)? And it lists every decline reason with who
acts. Bad files get a sentence naming the problem; nothing raises.

Read with Apache Arrow (``pyarrow.csv``): only the columns the analysis needs are parsed, in
parallel, into columnar arrays; statuses and reasons are normalised per *distinct* value, so a
million rows cost one pass in C, not a million Python objects. What leaves the check is small:
counts, the top reasons, failures per day, the first ``KEEP_ROWS`` failed rows, and the failed
rows as a spreadsheet-safe CSV for download. Every text cell that leaves has passed ``redact``.
"""

from __future__ import annotations

import csv
import io
import mmap
import os
import re
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from rapidfuzz import fuzz

import knowledge
from checks.customers import CustomerFailures, customer_key, masked_customer
from checks.evidence import ExportEvidence
from checks.finding import Finding
from checks.message import read_message
from checks.redact import MAY_HOLD_KEY, redact
from checks.scope import decide_scope, trailing_run

#: Upload limits; each can be set in the environment (README: Settings).
MAX_MB = float(os.environ.get("PAYASSIST_MAX_UPLOAD_MB", "50"))
MAX_BYTES = int(MAX_MB * 1024 * 1024)
MAX_COLUMNS = int(os.environ.get("PAYASSIST_MAX_COLUMNS", "200"))
MAX_ROWS = int(os.environ.get("PAYASSIST_MAX_ROWS", "2000000"))
#: Rows of each table kept as evidence (shown, and saved with the case); the download has them all.
KEEP_ROWS = 200
#: Distinct decline reasons read one by one (the rest are counted, not interpreted).
MAX_REASONS = 500
_HEADER_BYTES = 65_536
#: What one cell may cost: a decline reason, an e-mail or a status is far shorter. Longer cells are cut
#: when read, so no cell costs more than a short one to interpret (500 distinct 100 KB reasons cost
#: 40 s of CPU before this cap).
MAX_CELL_CHARS = 1_000

ROLES: dict[str, list[str]] = {
    "date": ["Created date (UTC)", "Created (UTC)", "created", "created at", "date", "payment date", "timestamp",
             "transaction date", "date/time", "date and time"],
    "time": ["Time"],
    "amount": ["Amount", "Gross", "amount", "total", "price", "charge amount"],
    "currency": ["Currency", "currency"],
    "status": ["Status", "payment status", "state", "result", "outcome", "charge status", "transaction status"],
    # (Kartra's Products › Analytics › Transactions export names its columns like these; its exact header
    # is not published, so its shape is recognised by these names.)
    "reason": ["Decline Reason", "decline code", "decline reason", "failure code", "failure reason",
               "failure message", "error", "reason", "Seller Message"],
    "customer": ["Customer Email", "From Email Address", "email", "customer email", "buyer email", "customer",
                 "Customer ID", "buyer", "payer", "lead email", "lead", "buyer's email"],
    "recurring": ["Invoice ID", "Subscription ID", "invoice", "subscription", "subscription id", "invoice id"],
    "type": ["Type", "transaction type", "payment type", "Description"],
    "product": ["Product", "product name", "price point"],
    # The charge's own id: kept in the failed-rows download so each failure can be looked up in Stripe.
    "charge": ["id", "Charge ID", "Transaction ID", "Payment ID"],
}
#: Roles matched only by an exact name: a fuzzy "type" or "time" would steal other columns.
_EXACT_ONLY = {"time", "type", "product", "charge"}
FAILED = {"failed", "fail", "declined", "denied", "error", "unsuccessful", "blocked", "requires_payment_method",
          "card declined", "failed rebill", "rebill failed", "rebill failure", "failed payment", "payment failed",
          "failed installment"}
#: Words in a payment's type or description that mark it as a subscription or installment payment.
_RECURRING_WORDS = re.compile(r"subscription|recurring|invoice|rebill|installment|preapproved", re.I)
#: … and those that mark a subscription's first payment (Stripe's "Subscription creation"): a failure at
#: sign-up is not a scheduled renewal, so it never enters Kartra's retry cycle.
_FIRST_PAYMENT_WORDS = r"(?i)subscription creat|subscription_create|sign[ -]?up|first payment"
_MAGIC = {b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP or Excel file", b"\x89PNG": "a PNG image",
          b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image", b"\x1f\x8b": "a gzip archive"}
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
                 "%m/%d/%Y %H:%M:%S", "%m/%d/%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
                 "%d.%m.%Y %H:%M", "%d.%m.%Y")
#: OWASP CSV injection: a cell starting with one of these runs as a formula in a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: ... and so does one whose first visible character is one, or its full-width or small form (spreadsheets
#: skip leading spaces, no-break spaces, line feeds, a BOM and zero-width characters, and fold ＝ to =).
_SIGNS = "=+\\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"
_LEADING = " \t\r\n\v\f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
#: One pattern for Python's re and Arrow's RE2 (the characters themselves: RE2 has no \\u escapes).
_RISKY_RE2 = "^(?:[\t\r]|[" + _LEADING + "]*[" + _SIGNS + "])"
_RISKY = re.compile(_RISKY_RE2)


class ExportProblem(Exception):
    """A sentence for the person: what is wrong with the file and what to do."""


class _NotUtf8(Exception):
    """The file claimed UTF-8 in its first megabytes and broke it later."""


# --- reading --------------------------------------------------------------------------------------
def _read_bytes(source: Any, max_bytes: int) -> bytes | mmap.mmap:
    """The file's bytes without copying them where possible: a path is memory-mapped."""
    try:
        if isinstance(source, str | Path | os.PathLike):
            size = os.path.getsize(source)
            if size > max_bytes:
                raise ExportProblem(_too_big(size, max_bytes))
            if size == 0:
                return b""
            with open(source, "rb") as fh:
                return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        if isinstance(source, bytes):
            data = source
        elif isinstance(source, bytearray | memoryview):
            data = bytes(source)
        elif hasattr(source, "getvalue"):  # BytesIO and Streamlit's UploadedFile: no copy
            size = getattr(source, "size", None)
            if isinstance(size, int) and size > max_bytes:
                raise ExportProblem(_too_big(size, max_bytes))
            data = source.getvalue()
        else:
            size = getattr(source, "size", None)
            if isinstance(size, int) and size > max_bytes:
                raise ExportProblem(_too_big(size, max_bytes))
            data = source.read(max_bytes + 1)
            if isinstance(data, str):
                data = data.encode("utf-8")
        if len(data) > max_bytes:
            raise ExportProblem(_too_big(getattr(source, "size", None) or len(data), max_bytes))
        return data
    except OSError as exc:
        raise ExportProblem(f"The file could not be read ({exc.strerror or 'unknown error'}).") from None


def _too_big(size: int, max_bytes: int) -> str:
    return (f"The file is {size / 1024 / 1024:,.0f} MB, more than the {max_bytes / 1024 / 1024:,.0f} MB this check "
            "reads. In Stripe, filter the payments export by date (the last 30 days is plenty: Payments › "
            "Export › Date range) and export again.")


def _sniff(data: bytes | mmap.mmap) -> None:
    if not data[:65536].strip() and not data.strip():
        raise ExportProblem("The file is empty. Export the payments again from Stripe as CSV.")
    head = data[:16]
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise ExportProblem(f"This is {what}, not a CSV file. In Stripe, use Payments › Export and choose CSV.")
    if b"\x00" in data[:8192]:
        raise ExportProblem("This file is binary, not a CSV text file. Export the payments from Stripe as CSV.")


def _encoding(data: bytes | mmap.mmap) -> tuple[str, str | None]:
    try:
        data[:4_000_000].decode("utf-8")
        return "utf-8", None
    except UnicodeDecodeError as exc:
        if exc.start > 3_999_990:  # cut inside a character at the sample's end
            return "utf-8", None
    return "cp1252", "The file is not UTF-8; read it as Windows-1252 (cp1252)."


def _header(data: bytes | mmap.mmap, encoding: str) -> tuple[list[str], str]:
    """The column names and the delimiter, read from the first line only."""
    data = data[: _HEADER_BYTES + 1].removeprefix(b"\xef\xbb\xbf")
    end = data.find(b"\n", 0, _HEADER_BYTES)
    if end < 0 and len(data) > _HEADER_BYTES:
        raise ExportProblem(f"The first line of this file is longer than {_HEADER_BYTES // 1024} KB: that is not "
                            f"a payments export (Stripe's has about 50 columns). Export the payments from Stripe "
                            "as CSV.")
    line = data[: end if end >= 0 else len(data)].decode(encoding, errors="replace").rstrip("\r")
    if line.count(",") + line.count(";") + line.count("\t") + line.count("|") + 1 > MAX_COLUMNS:
        raise ExportProblem(f"This file has more than {MAX_COLUMNS} columns, far more than a payments export. "
                            "Export the payments from Stripe (Payments › Export) as CSV.")
    delimiter = max(",;\t|", key=line.count) if any(d in line for d in ",;\t|") else ","
    try:
        columns = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        raise ExportProblem("This file isn't a readable CSV. Export the payments from Stripe as CSV.") from None
    return [c.strip() for c in columns], delimiter


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """Which column plays which role (date, amount, status, reason, customer, recurring, …).

    Exact names first (Stripe's and PayPal's exports map without guessing), then the best fuzzy
    pairs over whole names, so one column never serves two roles and a bare ``id`` is never
    taken for an invoice or subscription number.
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
        if role in mapping or role in _EXACT_ONLY:
            continue
        for col in columns:
            if col in mapping.values() or len(col.strip()) < 3:
                continue
            score = max(fuzz.token_sort_ratio(n.lower(), col.strip().lower()) for n in names)
            pairs.append((score, role, col))
    for score, role, col in sorted(pairs, reverse=True):
        if score < 80:
            break
        if role not in mapping and col not in mapping.values():
            mapping[role] = col
    return mapping


def _read_table(data: bytes | mmap.mmap, columns: list[str], delimiter: str, encoding: str) -> pa.Table:
    wanted = list(dict.fromkeys(columns))
    try:
        return pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pacsv.ReadOptions(encoding=encoding, block_size=8 << 20),
            # A line break inside a quoted cell needs the slower serial parser; no quote, no such cell.
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=data.find(b'"') >= 0,
                                             invalid_row_handler=lambda row: "skip"),
            convert_options=pacsv.ConvertOptions(include_columns=wanted,
                                                 column_types={c: pa.string() for c in wanted},
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
    except pa.ArrowInvalid as exc:
        if encoding == "utf-8" and "UTF8" in str(exc):
            raise _NotUtf8 from None
        raise ExportProblem("This file isn't a readable CSV. Export the payments from Stripe as CSV.") from None
    except (pa.ArrowKeyError, UnicodeDecodeError, KeyError):
        raise ExportProblem("This file isn't a readable CSV. Export the payments from Stripe as CSV.") from None


def _capped_cells(table: pa.Table) -> tuple[pa.Table, int]:
    """Every text cell cut to ``MAX_CELL_CHARS`` (in C, only in columns that have a longer one), and how
    many were cut."""
    cut = 0
    for i, name in enumerate(table.column_names):
        col = table.column(i)
        if not pa.types.is_string(col.type) or len(col) == 0:
            continue
        lengths = pc.utf8_length(col)
        longest = pc.max(lengths).as_py()
        if longest is None or longest <= MAX_CELL_CHARS:
            continue
        cut += pc.sum(pc.greater(lengths, MAX_CELL_CHARS)).as_py() or 0
        table = table.set_column(i, name, pc.utf8_slice_codeunits(col, 0, MAX_CELL_CHARS))
    return table, cut


# --- the analysis -----------------------------------------------------------------------------------
def analyse_export(source: str | Path | bytes | BinaryIO, *, max_bytes: int = MAX_BYTES) -> Finding:
    """Failure rate, reasons, customers and scope from a payments export. Never raises."""
    try:
        return _analyse(source, max_bytes)
    except ExportProblem as exc:
        return Finding(problems=[str(exc)])
    except Exception as exc:  # noqa: BLE001 - a bad file must never break the conversation
        return Finding(problems=[f"This file could not be analysed ({type(exc).__name__}). Export the payments "
                                 "again from Stripe (Payments › Export) as CSV and upload that file."])


def _analyse(source: Any, max_bytes: int) -> Finding:
    data = _read_bytes(source, max_bytes)
    _sniff(data)
    encoding, note = _encoding(data)
    notes = [note] if note else []
    columns, delimiter = _header(data, encoding)
    shown_columns = tuple(redact(c)[:80] for c in columns)
    mapping = guess_mapping(columns)
    if "status" not in mapping and "reason" not in mapping and "type" in mapping \
            and "description" not in mapping["type"].lower():
        mapping["status"] = mapping.pop("type")  # a transaction type that says "Failed rebill" is the status
    if "status" not in mapping and "reason" not in mapping:
        shown = ", ".join(shown_columns[:8]) + ("…" if len(columns) > 8 else "")
        return Finding(problems=[f"I couldn't find a payment status or decline reason column (columns found: "
                                 f"{shown}). Upload Stripe's payments export, or a CSV with a Status column."],
                       evidence=ExportEvidence(mapping=_shown(mapping), columns=shown_columns))
    # Only the columns the analysis reads: a type or description column only when no subscription or
    # invoice column says what a payment was; the currency and the product are not analysed.
    needed = {r: c for r, c in mapping.items() if r not in ("currency", "product")
              and not (r == "type" and "recurring" in mapping)}
    mapping = needed
    try:
        table = _read_table(data, list(mapping.values()), delimiter, encoding)
    except _NotUtf8:
        table = _read_table(data, list(mapping.values()), delimiter, "cp1252")
        notes.append("The file is not UTF-8; read it as Windows-1252 (cp1252).")
    del data
    table, cut = _capped_cells(table)
    if cut:
        notes.append(f"{cut:,} cell{'s' if cut != 1 else ''} longer than {MAX_CELL_CHARS:,} characters "
                     f"{'were' if cut != 1 else 'was'} shortened to {MAX_CELL_CHARS:,}.")
    if table.num_rows > MAX_ROWS:
        raise ExportProblem(f"This file has more than {MAX_ROWS:,} rows. In Stripe, export a shorter date range "
                            "(the last 30 days is plenty) and upload that.")
    if table.num_rows == 0:
        return Finding(problems=["The file has a header but no payments in it."],
                       evidence=ExportEvidence(mapping=_shown(mapping), columns=shown_columns))
    source_kind = "paypal" if {"From Email Address", "Gross"} <= set(columns) or "Balance Impact" in columns else ""
    return _summarise(table, mapping, notes, shown_columns, source_kind)


def _shown(mapping: dict[str, str]) -> dict[str, str]:
    return {role: redact(col)[:80] for role, col in mapping.items()}


def _col(table: pa.Table, mapping: dict[str, str], role: str) -> pa.ChunkedArray | None:
    return table.column(mapping[role]) if role in mapping else None


def _failed_mask(status: pa.ChunkedArray | None, reason: pa.ChunkedArray | None) -> np.ndarray:
    """Normalise the distinct statuses (a handful), not every row."""
    if status is not None:
        enc = pc.dictionary_encode(pc.fill_null(status, "").combine_chunks())
        words = [str(v).strip().lower() for v in enc.dictionary.to_pylist()]
        failed_codes = np.array([w in FAILED for w in words], dtype=bool)
        return failed_codes[enc.indices.to_numpy(zero_copy_only=False)]
    filled = pc.fill_null(reason, "")
    return pc.not_equal(pc.utf8_trim_whitespace(filled), "").to_numpy(zero_copy_only=False)


def _parse_dates(dates: pa.ChunkedArray, times: pa.ChunkedArray | None) -> pa.Array | None:
    """Timestamps in UTC from the most likely format (tried on a sample), or None."""
    text = dates.combine_chunks()
    if times is not None:
        text = pc.binary_join_element_wise(pc.fill_null(text, ""), pc.fill_null(times.combine_chunks(), ""), " ")
    text = pc.utf8_trim_whitespace(text)
    sample = text.slice(0, 2000)
    valid = max(len(sample) - sample.null_count, 1)
    try:  # ISO 8601 (Stripe's format): Arrow's own parser is twice as fast as strptime
        iso = pc.cast(sample, pa.timestamp("s"))
        if len(iso) - iso.null_count == valid:
            return pc.cast(text, pa.timestamp("s"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    best, best_hits = None, 0
    for fmt in _DATE_FORMATS:
        parsed = pc.strptime(sample, format=fmt, unit="s", error_is_null=True)
        hits = len(parsed) - parsed.null_count
        if hits > best_hits:
            best, best_hits = fmt, hits
        if hits == valid:
            break
    if best is None or best_hits < valid * 0.5:
        return None
    return pc.strptime(text, format=best, unit="s", error_is_null=True)


def _to_code(reason: str) -> str | None:
    """A known decline code from a reason cell: the code itself, or what read_message finds in its words."""
    declines = knowledge.load().declines
    r = reason.strip().lower()
    if r in declines:
        return r
    code = read_message(reason).get("decline_code")
    return code if code in declines else None


def _safe_cell(value: Any) -> Any:
    """OWASP: neutralise a cell a spreadsheet would run as a formula; mask keys."""
    if not isinstance(value, str):
        return value
    value = redact(value)
    return "'" + value if _RISKY.match(value) else value


def _masked_strings(arr: pa.Array) -> pa.Array:
    """Mask keys in a string array, touching only the cells that may hold one."""
    hits = pc.match_substring_regex(arr, MAY_HOLD_KEY)
    if not pc.any(hits).as_py():
        return arr
    values = arr.to_pylist()
    flags = hits.to_pylist()
    return pa.array([redact(v) if f and v else v for v, f in zip(values, flags, strict=True)], type=pa.string())


def _summarise(table: pa.Table, mapping: dict[str, str], notes: list[str], columns: tuple[str, ...],
               source_kind: str) -> Finding:
    total = table.num_rows
    failed = _failed_mask(_col(table, mapping, "status"), _col(table, mapping, "reason"))
    n_failed = int(failed.sum())
    fails = table.filter(pa.array(failed))
    # Everything that leaves the check comes from the failed rows: mask them once, here.
    fails = pa.table({name: _masked_strings(fails.column(name).combine_chunks()) for name in fails.column_names})
    role_of = {col: role for role, col in mapping.items()}

    reason_col = fails.column(mapping["reason"]) if "reason" in mapping else pa.nulls(n_failed, pa.string())
    reasons = pc.fill_null(pc.utf8_trim_whitespace(reason_col), "")
    reasons = pc.if_else(pc.equal(reasons, ""), "(no reason given)", reasons)
    counts = pc.value_counts(reasons).to_pylist()
    counts.sort(key=lambda vc: (-vc["counts"], vc["values"]))
    declines = knowledge.load().declines
    by_reason = []
    for vc in counts[:MAX_REASONS]:
        code = _to_code(vc["values"]) if vc["values"] != "(no reason given)" else None
        info = declines.get(code or "")
        by_reason.append({"reason": vc["values"][:200], "count": vc["counts"],
                          "share": round(vc["counts"] / max(n_failed, 1), 4), "decline_code": code,
                          "who acts": info.actor if info else "", "meaning": info.meaning if info else ""})
    code_counts: dict[str, int] = {}
    for row in by_reason:
        if row["decline_code"]:
            code_counts[row["decline_code"]] = code_counts.get(row["decline_code"], 0) + row["count"]

    summary: dict[str, Any] = {"rows": total, "failed": n_failed, "failure_rate": round(n_failed / total, 4)}
    facts: dict[str, Any] = {}
    if source_kind == "paypal":
        facts["processor"] = "paypal"
    if n_failed:
        codes = sorted(code_counts, key=lambda c: -code_counts[c])
        if codes:
            facts["error"] = "card_declined"
            facts["decline_code"] = codes[0]
            facts["decline_codes"] = codes
        elif source_kind != "paypal":
            facts["error"] = "card_declined"

    evidence: dict[str, Any] = {"mapping": _shown(mapping), "columns": columns, "notes": tuple(notes),
                                "by_reason": tuple(by_reason[:50])}
    run = 0
    dates = _parse_dates(table.column(mapping["date"]), _col(table, mapping, "time")) if "date" in mapping else None
    if "date" in mapping and dates is None:
        notes.append("The date column could not be read as dates.")
        evidence["notes"] = tuple(notes)
    fail_dates = None
    if dates is not None and dates.null_count < len(dates):
        order = pc.array_sort_indices(dates, null_placement="at_start")
        ordered = dates.take(order)
        first_valid = ordered.null_count
        summary["first"] = str(ordered[first_valid].as_py().date())
        summary["last"] = str(ordered[-1].as_py().date())
        run = trailing_run(failed[order.to_numpy()][first_valid:].tolist()[-ALL_TAIL:])
        if run:
            summary["since"] = str(ordered[len(ordered) - run].as_py().date())
        fail_dates = dates.filter(pa.array(failed))
        days = pc.cast(fail_dates, pa.date32())
        grouped = pa.table({"day": days, "reason": reasons}).group_by(["day", "reason"]).aggregate([("day", "count")])
        evidence["daily"] = tuple(
            {"day": str(d), "reason": r[:60], "failures": n}
            for d, r, n in zip(grouped.column("day").to_pylist(), grouped.column("reason").to_pylist(),
                               grouped.column("day_count").to_pylist(), strict=True) if d is not None)

    customers = _col(table, mapping, "customer")
    failing_customers = None
    if customers is not None:
        fail_customers = pc.fill_null(fails.column(mapping["customer"]), "(unknown)")
        vc = pc.value_counts(fail_customers).to_pylist()
        failing_customers = len(vc)
        summary["failing_customers"] = failing_customers
        vc.sort(key=lambda x: -x["counts"])
        top = [x["values"] for x in vc[:KEEP_ROWS]]
        in_top = pc.is_in(pc.fill_null(customers, "(unknown)"), value_set=pa.array(top, pa.string()))
        paid = pc.value_counts(pc.filter(pc.fill_null(customers, "(unknown)"), in_top)).to_pylist()
        payments = {redact(x["values"]): x["counts"] for x in paid}
        evidence["by_customer"] = tuple({"customer": x["values"], "failures": x["counts"],
                                         "payments": payments.get(x["values"], x["counts"])} for x in vc[:KEEP_ROWS])

    scope = decide_scope(payments=total, failed=n_failed, failing_customers=failing_customers, trailing_failures=run)
    if scope:
        facts["scope"] = scope
    if scope != "all":
        summary.pop("since", None)
    purchase = _purchase(fails, mapping)
    if n_failed and purchase:
        facts["purchase"] = purchase
    # Kartra's retry cycle is Kartra's; PayPal runs its own retries for its subscriptions.
    cycles = []
    if n_failed and dates is not None and customers is not None and source_kind != "paypal":
        cycles = _cycles(table, mapping, failed, dates)
        if cycles:
            evidence["cycles"] = tuple(c.to_row() for c in cycles[:KEEP_ROWS])
    people: tuple[CustomerFailures, ...] = ()
    if n_failed and customers is not None and scope != "all":
        people = _customers(fails, mapping, reasons, by_reason, evidence.get("by_customer", ()), cycles)
        if len(people) == 1:
            # One customer with failures: they are the subject at once, their facts are the case's.
            facts.update(people[0].facts())
        else:
            # Many customers: the case keeps only the account's facts; each customer is a worklist row.
            subject = knowledge.load().vocabulary.subject_facts
            facts = {k: v for k, v in facts.items() if k not in subject and k != "error"}
    elif cycles:
        facts.update(cycles[0].facts())
    if dates is not None and n_failed:
        summary["trend"] = _trend(dates, failed)

    # The failed rows, with each column's role as its name where it has one, made safe to open.
    named = fails.rename_columns([role_of.get(c, c) for c in fails.column_names])
    if fail_dates is not None and "date" in named.column_names:
        named = named.set_column(named.column_names.index("date"), "date", pc.cast(fail_dates, pa.string()))
    rows = named.slice(0, KEEP_ROWS).to_pylist()
    evidence["failed_rows"] = tuple({k: _safe_cell(v) for k, v in r.items()} for r in rows)
    evidence["download"] = _download(named)
    evidence["summary"] = summary
    return Finding(facts=facts, evidence=ExportEvidence(**evidence), customers=people)


def _customers(fails: pa.Table, mapping: dict[str, str], reasons: pa.ChunkedArray, by_reason: list[dict[str, Any]],
               by_customer: tuple[dict[str, Any], ...], cycles: list) -> tuple[CustomerFailures, ...]:
    """Each customer with failures (the most failing ``KEEP_ROWS``, and everyone in a retry cycle), with
    their own decline codes, most frequent first."""
    code_of = {row["reason"]: row["decline_code"] for row in by_reason}
    who = pc.fill_null(fails.column(mapping["customer"]), "(unknown)")
    grouped = pa.table({"who": who, "reason": reasons}).group_by(["who", "reason"]).aggregate([("who", "count")])
    per: dict[str, dict[str, int]] = {}
    for c, r, n in zip(grouped.column("who").to_pylist(), grouped.column("reason").to_pylist(),
                       grouped.column("who_count").to_pylist(), strict=True):
        per.setdefault(c, {})[r] = n
    recurring_of: dict[str, bool] = {}
    if "recurring" in mapping:
        ids = pc.fill_null(pc.utf8_trim_whitespace(fails.column(mapping["recurring"])), "")
        for c, linked in zip(who.to_pylist(), pc.not_equal(ids, "").to_pylist(), strict=True):
            recurring_of[c] = recurring_of.get(c, False) or bool(linked)
    cycle_of = {c.customer: c for c in cycles}
    wanted = [row["customer"] for row in by_customer] + [c for c in cycle_of if c not in
                                                         {row["customer"] for row in by_customer}]
    payments = {row["customer"]: row["payments"] for row in by_customer}
    out = []
    for raw in wanted:
        reasons_seen = per.get(raw, {})
        ordered = sorted(reasons_seen, key=lambda r: (-reasons_seen[r], r))
        codes: list[str] = []
        for r in ordered:
            code = code_of.get(r[:200]) or _to_code(r) if r != "(no reason given)" else None
            if code and code not in codes:
                codes.append(code)
        lead = next((r for r in ordered if r != "(no reason given)"), "")
        out.append(CustomerFailures(
            key=customer_key(raw), customer=masked_customer(raw), payments=int(payments.get(raw, 0)),
            failures=sum(reasons_seen.values()), codes=tuple(codes), reason="" if codes else lead[:120],
            recurring=recurring_of.get(raw, False), cycle=cycle_of.get(raw)))
    out.sort(key=lambda p: p.urgency)
    return tuple(out)


def _trend(dates: pa.Array, failed: np.ndarray) -> str:
    """'rising', 'falling' or 'steady': the failure rate of the later half of the period against the earlier."""
    valid = pc.is_valid(dates).to_numpy(zero_copy_only=False)
    if valid.sum() < 20:
        return "steady"
    order = np.argsort(pc.fill_null(pc.cast(dates, pa.int64()), 0).to_numpy(zero_copy_only=False)[valid],
                       kind="stable")
    flags = failed[valid][order]
    half = len(flags) // 2
    early, late = flags[:half].mean(), flags[half:].mean()
    if late > early * 1.5 and late - early > 0.02:
        return "rising"
    if early > late * 1.5 and early - late > 0.02:
        return "falling"
    return "steady"


#: Only the end of the sorted payments decides "everything fails since"; no need to walk a million flags.
ALL_TAIL = 100_000


#: Customers whose payments are read for a retry cycle (the most failures first).
MAX_CYCLE_CUSTOMERS = 500


def _amounts(col: pa.ChunkedArray | None, n: int) -> list[float | None]:
    if col is None:
        return [None] * n
    out: list[float | None] = []
    for v in col.to_pylist():
        text = re.sub(r"[^\d,.\-]", "", v or "")
        text = text.replace(",", "") if "." in text else text.replace(",", ".")
        try:
            out.append(float(text))
        except ValueError:
            out.append(None)
    return out


def _cycles(table: pa.Table, mapping: dict[str, str], failed: np.ndarray, dates: pa.Array) -> list:
    """Subscriptions in Kartra's retry cycle, read from the payments of the customers who failed."""
    from checks.retry import Payment, read_cycles

    customers = pc.fill_null(table.column(mapping["customer"]), "")
    fails = pc.filter(customers, pa.array(failed))
    failing = pc.value_counts(fails).to_pylist()
    # A cycle has two failures or more, or one the data ties to a subscription.
    linked_once: set[str] = set()
    if "recurring" in mapping:
        ids = pc.fill_null(pc.utf8_trim_whitespace(table.column(mapping["recurring"]).filter(pa.array(failed))), "")
        linked_once = set(pc.filter(fails, pc.not_equal(ids, "")).to_pylist())
    failing = [x for x in failing if x["values"] and (x["counts"] >= 2 or x["values"] in linked_once)]
    if not failing:
        return []
    failing.sort(key=lambda x: -x["counts"])
    wanted = pa.array([x["values"] for x in failing[:MAX_CYCLE_CUSTOMERS]], pa.string())
    keep = pc.fill_null(pc.is_in(customers, value_set=wanted), False)
    if not pc.any(keep).as_py():
        return []
    rows = table.filter(keep)
    n = rows.num_rows
    linked = [False] * n
    if "recurring" in mapping:
        ids = pc.fill_null(pc.utf8_trim_whitespace(rows.column(mapping["recurring"])), "")
        linked = pc.not_equal(ids, "").to_pylist()
    elif "type" in mapping:
        words = pc.fill_null(rows.column(mapping["type"]), "")
        linked = pc.match_substring_regex(words, _RECURRING_WORDS.pattern, ignore_case=True).to_pylist()
    first = [False] * n
    if "type" in mapping:
        words = pc.fill_null(rows.column(mapping["type"]), "")
        first = pc.match_substring_regex(words, _FIRST_PAYMENT_WORDS).to_pylist()
    payments = [
        Payment(redact(c), a, d, bool(f), bool(r), bool(s))
        for c, a, d, f, r, s in zip(rows.column(mapping["customer"]).to_pylist(),
                                    _amounts(rows.column(mapping["amount"]) if "amount" in mapping else None, n),
                                    dates.filter(keep).to_pylist(), failed[keep.to_numpy(zero_copy_only=False)],
                                    linked, first, strict=True)
        if c and d is not None
    ]
    return read_cycles(payments)


def _purchase(fails: pa.Table, mapping: dict[str, str]) -> str | None:
    """'recurring' when most failures are tied to a subscription or an invoice, by the data itself."""
    if fails.num_rows == 0:
        return None
    if "recurring" in mapping:
        ids = pc.fill_null(pc.utf8_trim_whitespace(fails.column(mapping["recurring"])), "")
        linked = pc.sum(pc.not_equal(ids, "")).as_py() or 0
        return "recurring" if linked / fails.num_rows >= 0.5 else "new"
    if "type" in mapping:
        words = pc.fill_null(fails.column(mapping["type"]), "")
        recurring = pc.sum(pc.match_substring_regex(words, _RECURRING_WORDS.pattern, ignore_case=True)).as_py() or 0
        return "recurring" if recurring / fails.num_rows >= 0.5 else "new"
    return None


def _download(named: pa.Table) -> bytes:
    """The failed rows as CSV, keys masked and formulas neutralised (OWASP CSV injection)."""
    safe = {}
    for name in named.column_names:
        col = named.column(name).combine_chunks()
        if pa.types.is_string(col.type):
            risky = pc.match_substring_regex(col, _RISKY_RE2)
            col = pc.if_else(pc.fill_null(risky, False), pc.binary_join_element_wise("'", col, ""), col)
        safe[_safe_cell(name) if isinstance(name, str) else name] = col
    out = io.BytesIO()
    pacsv.write_csv(pa.table(safe), out)
    return out.getvalue()
