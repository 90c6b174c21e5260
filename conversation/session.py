"""One person's session: the conversation, its case, and the checks they ask for.

The page keeps one ``Session`` in ``st.session_state`` and calls these methods from its
callbacks; every decision (what a form means, whether a case is a demo, which facts a check
brings) is made here or below, never on the page.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from checks.evidence import ExportEvidence
from checks.keys import classify_key
from checks.redact import mask
from conversation.casefile import CaseFile, StoreFactory
from conversation.conversation import Conversation, Role
from conversation.forms import ProductForm, parse_accounts
from conversation.identity import Identity
from conversation.markup import literal
from knowledge.demos import Demo, demos

if TYPE_CHECKING:
    from checks.sandbox import Sandbox

Progress = Callable[[str, bool], None]
#: The date columns of Stripe's payments export (Payments › Export).
STRIPE_DATE_COLUMNS = ("Created date (UTC)", "Created (UTC)")


@dataclass(frozen=True)
class PendingCheck:
    """A live check the page must run next, with progress on screen."""

    key: str = field(repr=False)
    api_base: str | None
    title: str
    override: dict[str, Any] | None = None

    @property
    def masked(self) -> str:
        return mask(self.key)


def _writes(method: Callable[..., Any]) -> Callable[..., Any]:
    """A method that adds to the case: a no-op on a read-only view (enforced here, not by hiding buttons)."""
    import functools

    @functools.wraps(method)
    def wrapper(self: Session, *args: Any, **kwargs: Any) -> Any:
        return None if self.read_only else method(self, *args, **kwargs)

    return wrapper


def _outcome_limit() -> tuple[int, float]:
    """``PAYASSIST_OUTCOME_LIMIT`` as "count/seconds" (default 10 outcomes per 5 minutes)."""
    try:
        count, seconds = os.environ.get("PAYASSIST_OUTCOME_LIMIT", "10/300").split("/")
        return max(1, int(count)), max(1.0, float(seconds))
    except ValueError:
        return 10, 300.0


class OutcomeLimiter:
    """Per-session cap on outcomes recorded for the statistics: a person marks a handful of steps;
    a script clicking "This fixed it" in a loop stops counting (the plan still moves on)."""

    def __init__(self, count: int | None = None, seconds: float | None = None) -> None:
        default = _outcome_limit()
        self.count, self.seconds = count or default[0], seconds or default[1]
        self._times: deque[float] = deque()

    def allow(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        while self._times and now - self._times[0] > self.seconds:
            self._times.popleft()
        if len(self._times) >= self.count:
            return False
        self._times.append(now)
        return True


RATE_LIMITED = ("You've marked many steps in a few minutes, so this one was not counted in the statistics. "
                "The plan moves on as usual.")
READ_ONLY = ("This case belongs to someone else, so you're seeing it read-only, with e-mail addresses and "
             "phone numbers hidden. Start over to work on your own case.")
REVOKED = "The owner of that case turned its link off, so this is a fresh start."
UNKNOWN = "That case link is unknown or malformed, or its case was deleted, so this is a fresh start."


class Session:
    def __init__(self, open_store: StoreFactory | None = None, role: Role = "seller",
                 identity: Identity | None = None) -> None:
        self.identity = identity or Identity()
        self.casefile = CaseFile(opener=open_store)
        self.conv = Conversation(role=role if role in self.identity.roles else "seller")
        self.conv.author = self.identity.author
        self.notice = ""
        self.limiter = OutcomeLimiter()
        self._pending: PendingCheck | None = None

    @property
    def read_only(self) -> bool:
        return self.casefile.read_only

    def set_identity(self, identity: Identity) -> None:
        """Who is here changed (signed in or out): roles, authorship and access follow."""
        if identity == self.identity:
            return
        self.identity = identity
        self.conv.author = identity.author
        if self.conv.role not in identity.roles:
            self.conv.role = "seller"
        if self.casefile.case_id:
            self.casefile.access = identity.access(self.casefile.owner, self.casefile.link_revoked) \
                if not identity.owns(self.casefile.owner) else "owner"
            if self.casefile.read_only:
                self.start_over()

    # --- case links ------------------------------------------------------------------------------
    def open_case(self, case_id: Any) -> bool:
        conv = self.casefile.open(case_id, self.identity)
        if conv is None:
            revoked = self.casefile.store is not None and self._revoked(case_id)
            self.notice = REVOKED if revoked else UNKNOWN
            return False
        self.conv = conv
        self.conv.author = self.identity.author
        if self.conv.role not in self.identity.roles:
            self.conv.role = "seller"
        if self.read_only:
            self.notice = READ_ONLY
        return True

    def _revoked(self, case_id: Any) -> bool:
        try:
            rec = self.casefile.store.load(case_id)
        except Exception:  # noqa: BLE001
            return False
        return rec is not None and rec.link_revoked

    def save(self, outcome: tuple[str, str] | None = None) -> str | None:
        case_id = self.casefile.save(self.conv, self.identity, outcome)
        if self.casefile.gone:  # deleted while this tab was open: never saved again, under any id
            from conversation.casefile import GONE

            self.casefile.gone = False
            self.start_over()
            self.notice = GONE
            return None
        if self.casefile.reloaded is not None:
            fresh, said = self.casefile.reloaded
            self.casefile.reloaded = None
            fresh.author = self.identity.author
            self.conv, self.notice = fresh, said
            self._pending = None
        return case_id

    # --- what the person does ------------------------------------------------------------------
    def answer(self, question_id: str, label: str) -> None:
        if not self.read_only:
            self.conv.answer(question_id, label)

    def paste(self, text: str) -> None:
        if not self.read_only and isinstance(text, str) and text.strip():
            self.conv.paste(text)

    def _outcome(self, step_id: str, outcome: str) -> None:
        """Mark a step and save it with the case in one write (refused whole if the tab is stale)."""
        counted = self.limiter.allow()
        if not counted:
            self.notice = RATE_LIMITED
        self.save(outcome=(step_id, outcome) if counted else None)

    def didnt_help(self, step_id: str) -> None:
        if self.read_only:
            return
        self.conv.didnt_help(step_id)
        self._outcome(step_id, "didnt_help")

    def fixed(self, step_id: str) -> None:
        if self.read_only:
            return
        self.conv.fixed(step_id)
        self._outcome(step_id, "fixed")

    def set_role(self, role: Role) -> None:
        if not self.read_only and role in self.identity.roles:
            self.conv.role = role

    def start_over(self, role: Role | None = None) -> None:
        role = role or self.conv.role
        self.conv = Conversation(role=role if role in self.identity.roles else "seller")
        self.conv.author = self.identity.author
        self.casefile.detach()
        self._pending = None

    # --- what an owner or an agent does with the case ------------------------------------------------
    def add_note(self, text: str) -> bool:
        """An internal note (agents only); the case is saved first so there is one to note on."""
        if not self.identity.team or not isinstance(text, str) or not text.strip():
            return False
        self.save()
        return self.casefile.add_note(self.identity, text)

    def revoke_link(self, revoked: bool = True) -> None:
        self.casefile.set_link_revoked(revoked)

    @property
    def can_delete(self) -> bool:
        return bool(self.casefile.case_id) and self.identity.can_delete(self.casefile.access)

    def delete_case(self) -> bool:
        if not self.can_delete:
            return False
        done = self.casefile.delete()
        if done:
            self.start_over()
            self.notice = "The case was deleted: its conversation, outcomes and notes are gone from the case store."
        return done

    # --- checks ----------------------------------------------------------------------------------
    def request_live_check(self, key: str, api_base: str | None) -> None:
        """Queue a live check of ``key``; the page runs it (``run_pending``) with progress on screen."""
        if key and key.strip() and not self.read_only:
            self._pending = PendingCheck(key, api_base, "Live Stripe check")

    def start_demo(self, name: str) -> Demo | None:
        """Start a trainer demo: preload its facts and queue the live check against the sandbox."""
        demo = next((d for d in demos() if d.name == name), None)
        if demo is None:
            return None
        self.start_over(role="trainer")
        self.conv.start_demo(demo.name, demo.title, demo.description, demo.facts)
        if demo.check == "export" and demo.export_path is not None:
            from checks.export import analyse_export

            title = "The demo's payments export"
            self.conv.say("user", "Analyse the demo's payments export.", "outcome")
            self.conv.record_check(title, analyse_export(demo.export_path), override=demo.facts)
            return demo
        from checks.sandbox import load_scenarios

        sc = load_scenarios()[demo.name]
        self._pending = PendingCheck(sc.key, demo_sandbox().url,
                                     f"Live check of the demo account “{sc.account.business_name}”", sc.facts)
        return demo

    @property
    def pending(self) -> PendingCheck | None:
        return self._pending

    def run_pending(self, progress: Progress | None = None, on_key_kind: Callable[[str], None] | None = None) -> bool:
        """Run the queued live check (if any) and keep what it found. True when one ran."""
        from checks.stripe_live import check_account

        job, self._pending = self._pending, None
        if job is None:
            return False
        self.conv.say("user", f"Check my Stripe account with the key {job.masked}.", "outcome")
        if on_key_kind:
            on_key_kind(classify_key(job.key).facts["key_kind"])
        finding = check_account(job.key, api_base=job.api_base, progress=progress)
        self.conv.record_check(job.title, finding, override=job.override)
        return True

    @_writes
    def pick(self, key: str) -> bool:
        """Make a worklist row's customer the subject ("" for the whole account): the plan becomes theirs."""
        return self.conv.pick(key if isinstance(key, str) else "")

    @_writes
    def analyse_export(self, upload: Any, name: str) -> None:
        from checks.export import analyse_export

        self.conv.say("user", f"Analyse my payments export {name}.", "outcome")
        finding = analyse_export(upload)
        # Stripe's own export (its charge ids, its column names) answers "which processor?".
        ev = finding.evidence
        stripe = isinstance(ev, ExportEvidence) and "processor" not in finding.facts and (
            ev.mapping.get("date") in STRIPE_DATE_COLUMNS
            or any(str(r.get("charge") or "").startswith(("ch_", "py_", "pi_")) for r in ev.failed_rows[:20]))
        self.conv.record_check(f"Payments export {literal(name, 80)}", finding,
                               override={"processor": "stripe"} if stripe else None)

    @_writes
    def check_product_file(self, data: bytes, name: str) -> None:
        from checks.product import check_product

        self.conv.say("user", f"Check my product configuration {name}.", "outcome")
        self.conv.record_check(f"Product check of {literal(name, 80)}", check_product(data))

    @_writes
    def check_product_form(self, form: ProductForm) -> None:
        from checks.product import check_product

        self.conv.say("user", "Check my product configuration.", "outcome")
        self.conv.record_check("Product check", check_product(form.configuration()))

    @_writes
    def read_retry_clock(self, first_failure: datetime) -> None:
        """The retry clock from the date and time a subscription's first payment failed (nothing paid since)."""
        from checks.finding import Finding
        from checks.retry import cycle_from_first_failure

        cycle = cycle_from_first_failure(first_failure)
        self.conv.say("user", f"The subscription's first payment failed on {first_failure:%-d %b %Y %H:%M} UTC.",
                      "outcome")
        self.conv.record_check("Retry clock", Finding(facts=cycle.facts()))

    @_writes
    def match_accounts(self, kartra_key: str, accounts_text: str) -> None:
        from checks.accounts import match_account

        self.conv.say("user", "Which Stripe account matches my Kartra integration?", "outcome")
        self.conv.record_check("Account matching", match_account(kartra_key, parse_accounts(accounts_text)))


_sandbox: Sandbox | None = None
_sandbox_lock = threading.Lock()


def demo_sandbox() -> Sandbox:
    """One Stripe sandbox per process, for trainer demos (loopback only), started on first use."""
    global _sandbox
    with _sandbox_lock:
        if _sandbox is None:
            from checks.sandbox import Sandbox

            _sandbox = Sandbox().start()
    return _sandbox
