"""One person's session: the conversation, its case, and the checks they ask for.

The page keeps one ``Session`` in ``st.session_state`` and calls these methods from its
callbacks; every decision (what a form means, whether a case is a demo, which facts a check
brings) is made here or below, never on the page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from checks.keys import classify_key
from checks.redact import mask
from conversation.casefile import CaseFile, StoreFactory
from conversation.conversation import Conversation, Role
from conversation.forms import ProductForm, parse_accounts
from conversation.markup import literal
from knowledge.demos import Demo, demos

if TYPE_CHECKING:
    from checks.sandbox import Sandbox

Progress = Callable[[str, bool], None]


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


class Session:
    def __init__(self, open_store: StoreFactory | None = None, role: Role = "seller") -> None:
        self.casefile = CaseFile(opener=open_store)
        self.conv = Conversation(role=role)
        self.notice = ""
        self._pending: PendingCheck | None = None

    # --- case links ------------------------------------------------------------------------------
    def open_case(self, case_id: Any) -> bool:
        conv = self.casefile.open(case_id)
        if conv is None:
            self.notice = "That case link is unknown or malformed, so this is a fresh start."
            return False
        self.conv = conv
        return True

    def save(self) -> str | None:
        return self.casefile.save(self.conv)

    # --- what the person does ------------------------------------------------------------------
    def answer(self, question_id: str, label: str) -> None:
        self.conv.answer(question_id, label)

    def paste(self, text: str) -> None:
        if isinstance(text, str) and text.strip():
            self.conv.paste(text)

    def didnt_help(self, step_id: str) -> None:
        self.casefile.record_outcome(self.conv, step_id, "didnt_help")
        self.conv.didnt_help(step_id)

    def fixed(self, step_id: str) -> None:
        self.casefile.record_outcome(self.conv, step_id, "fixed")
        self.conv.fixed(step_id)

    def set_role(self, role: Role) -> None:
        self.conv.role = role

    def start_over(self, role: Role | None = None) -> None:
        self.conv = Conversation(role=role or self.conv.role)
        self.casefile.detach()
        self._pending = None

    # --- checks ----------------------------------------------------------------------------------
    def request_live_check(self, key: str, api_base: str | None) -> None:
        """Queue a live check of ``key``; the page runs it (``run_pending``) with progress on screen."""
        if key and key.strip():
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

            title = f"The demo's {literal(demo.export_path.name, 80)}"
            self.conv.say("user", f"Analyse the export {demo.export_path.name}.", "outcome")
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

    def analyse_export(self, upload: Any, name: str) -> None:
        from checks.export import analyse_export

        self.conv.say("user", f"Analyse my payments export {name}.", "outcome")
        self.conv.record_check(f"Payments export {literal(name, 80)}", analyse_export(upload))

    def check_product_file(self, data: bytes, name: str) -> None:
        from checks.product import check_product

        self.conv.say("user", f"Check my product configuration {name}.", "outcome")
        self.conv.record_check(f"Product check of {literal(name, 80)}", check_product(data))

    def check_product_form(self, form: ProductForm) -> None:
        from checks.product import check_product

        self.conv.say("user", "Check my product configuration.", "outcome")
        self.conv.record_check("Product check", check_product(form.configuration()))

    def read_retry_clock(self, first_failure: datetime) -> None:
        """The retry clock from the date and time a subscription's first payment failed (nothing paid since)."""
        from checks.finding import Finding
        from checks.retry import cycle_from_first_failure

        cycle = cycle_from_first_failure(first_failure)
        self.conv.say("user", f"The subscription's first payment failed on {first_failure:%-d %b %Y %H:%M} UTC.",
                      "outcome")
        self.conv.record_check("Retry clock", Finding(facts=cycle.facts()))

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
