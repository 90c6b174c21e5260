"""What the page shows, in the words a seller reads: no step ids, rule ids, fact names or values,
file names or Stripe field paths ever reach the screen, the summary or a copy.

The page imports what it renders from here (through ``conversation``), never from ``rules`` or
``checks``: the advice and evidence types are handed over as they are, and every sentence that
is built from facts, Stripe's fields or the knowledge files is built here, where it can be tested
without a browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import knowledge
from checks.evidence import (
    AccountMatchEvidence,
    Evidence,
    ExportEvidence,
    IntegratedEvidence,
    KeyEvidence,
    LiveCheckEvidence,
    ProductEvidence,
)
from checks.message import Recognition
from rules.model import Advice, PlanStep, Question

__all__ = [
    "AccountMatchEvidence",
    "Advice",
    "Evidence",
    "ExportEvidence",
    "IntegratedEvidence",
    "KeyEvidence",
    "LiveCheckEvidence",
    "PlanStep",
    "ProductEvidence",
    "Question",
    "Citation",
    "account_words",
    "citation",
    "why",
    "decline_words",
    "reason_row",
    "subscription_rows",
    "invoice_rows",
    "columns_used",
    "fallback",
    "handoff",
    "key_words",
    "known",
    "problem_words",
    "recognised",
    "step_title",
]

#: Kartra's help center, where a seller submits a ticket (the Stripe article's "Need more help?").
HELP_CENTER = "https://support.kartra.com/support/home"


@dataclass(frozen=True)
class Citation:
    """An article a step comes from: its title (with the section) and public address."""

    title: str
    url: str

    def markdown(self) -> str:
        return f"[{self.title}]({self.url})" if self.url else self.title


def citation(step: PlanStep | str) -> Citation:
    """The step's own article, by title and address (never a file name); a decline code's section
    of Stripe's page is named in words."""
    if isinstance(step, str):
        know = knowledge.load()
        known_step = know.steps.get(step)
        if known_step is None:
            return Citation("", "")
        title, url = know.cite(known_step.source), know.source_url(known_step.source)
    else:
        title, url = step.source, step.source_url
    return Citation(_words_for_codes(title), url)


def _words_for_codes(text: str) -> str:
    """Machine words (``testmode_decline``, quoted or after "›") as the words they stand for."""
    voc = knowledge.load().vocabulary
    return re.sub(r"(?<![\w/.])([a-z]+(?:_[a-z]+)+)(?![\w/.])",
                  lambda m: voc.describe_value("decline_code", m.group(1)), text)


def why(step: PlanStep) -> str:
    """Why the step is on the plan, with any decline code in words."""
    return _words_for_codes(step.why)


def step_title(step_id: str) -> str:
    """A step's title for a step id kept in the case (an unknown id reads as a plain phrase)."""
    step = knowledge.load().steps.get(step_id)
    return step.title if step else "a step this version no longer has"


# --- what we know ---------------------------------------------------------------------------------
def known(facts: Mapping[str, Any]) -> list[str]:
    """A sentence per shown fact, each thing said once: a decline is one sentence, not three
    ("the error is 'Your card was declined'", "declined: X", "decline reasons seen: X")."""
    voc = knowledge.load().vocabulary
    facts = dict(facts)
    code = facts.get("decline_code")
    codes = [c for c in (facts.get("decline_codes") or []) if c]
    skip = set()
    out_decline = None
    if code or codes:
        skip |= {"decline_code", "decline_codes"}
        if facts.get("error") == "card_declined":
            skip.add("error")
        ordered = list(dict.fromkeys([*([code] if code else []), *codes]))
        words = [voc.describe_value("decline_code", c) for c in ordered]
        if len(words) == 1:
            out_decline = f"The card was declined: {words[0]}."
        else:
            out_decline = f"Cards were declined: {words[0]} (most often), then {', '.join(words[1:])}."
    out = []
    for name, fact in voc.facts.items():
        if name not in facts or not fact.shown:
            continue
        if name in skip:
            if name == "decline_code" or (name == "decline_codes" and "decline_code" not in facts):
                out.append(out_decline)
            continue
        out.append(voc.sentence(name, facts[name]))
    return [s for s in out if s]


_MACHINE = re.compile(r"^[A-Za-z0-9]+(?:[_.][A-Za-z0-9]+)+$")


def recognised(rec: Recognition) -> str:
    """What was read in a paste, as a person says it: the message quoted, then what it means."""
    voc = knowledge.load().vocabulary
    things: list[str] = []
    guessed: dict[str, str] = {}  # a learned reading's words -> the fact they suggest
    for m in rec.matches:
        if m.kind in ("decline", "error") and not _MACHINE.match(m.label.strip()):
            who = "Stripe's"
            error = str(m.facts.get("error", ""))
            if error.startswith("paypal"):
                who = "PayPal's"
            elif m.kind == "error" and error in _KARTRA_ERRORS:
                who = "Kartra's"
            things.append(f"{who} {'message' if m.kind == 'decline' else 'error'} '{m.label.strip().rstrip('.')}'")
        elif m.kind == "key":
            things.append(f"{voc.describe_value('key_kind', m.label)} (I don't keep it)")
        elif m.kind == "language":
            same = ("decline_code", "language")  # Stripe's own string already said it, the same decline by meaning
            if not any(o.kind == "locale" and all(o.facts.get(k) == m.facts.get(k) for k in same) for o in rec.matches):
                things.append(m.label)
        elif m.kind == "learned" and not any(t.startswith(f"the words {m.label},") for t in things):
            # the words that carried a learned reading, with what they suggest: a guess is said beside its words
            (fact, value), = m.facts.items()
            things.append(f"the words {m.label}, which suggest that {voc.clause(fact, value)} (a guess learned from "
                          f"earlier messages, {min(m.score, 99):.0f}% sure)")
            guessed[things[-1]] = fact
        elif m.kind in ("locale", "table", "attempt"):  # Stripe's localised string (and whether the reply
            things.append(m.describe())  # can be in that language), a Dashboard table, the retry cycle
    things = _one_per_quote(things)[:3]
    said_as_guess = {guessed[t] for t in things if t in guessed}  # (not said twice, once as a guess, once as a fact)
    said = known({k: v for k, v in rec.facts.items() if (k != "key_kind" or not things) and k not in said_as_guess})
    head = f"I recognised {'; '.join(things)}." if things else "From what you wrote:"
    return " ".join([head, *said])


_QUOTED = re.compile(r"'([^']+)'")


def _one_per_quote(things: list[str]) -> list[str]:
    """Each quoted message once, in its fullest wording: Stripe's "Your card was declined." is its error, its
    customer message and its English string at once, and naming it three times left no room for the rest."""
    best: dict[str, str] = {}
    for t in dict.fromkeys(things):
        key = m.group(1).casefold() if (m := _QUOTED.match(t.split(" ", 2)[-1])) else t
        if len(t) > len(best.get(key, "")):
            best[key] = t
    return list(best.values())


_KARTRA_ERRORS = {"account_mismatch", "already_integrated", "ineligible_account", "user_denied",
                  "product_config_incomplete"}


# --- a step's fallback ---------------------------------------------------------------------------
_STOP = {"the", "a", "an", "and", "or", "to", "of", "in", "on", "for", "your", "their", "them", "with", "is", "it",
         "ask", "customer", "have", "try", "again", "more", "detail", "then", "that", "this", "if", "any"}


def _words(text: str) -> set[str]:
    return {w.rstrip("s").removesuffix("'") for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOP}


def _points_at(text: str, title: str) -> bool:
    """True when a fallback sentence suggests the step titled ``title`` (most of the title's words are in it)."""
    want = _words(title)
    return bool(want) and len(want & _words(text)) >= max(2, round(0.75 * len(want)))


def fallback(step: PlanStep, tried: Iterable[str], rest: Iterable[PlanStep] = ()) -> str:
    """"If this doesn't help: …", never suggesting the step itself or one already tried (then the
    next step on the plan is named instead; '' when there is none)."""
    steps = knowledge.load().steps
    done = [steps[i].title for i in tried if i in steps] + [step.title]
    text = step.if_not_fixed
    if text and not any(_points_at(text, t) for t in done):
        return text
    nxt = next(iter(rest), None)
    return f"Go on to the next step: {nxt.title}." if nxt else ""


# --- the hand-off ----------------------------------------------------------------------------------
def handoff(role: str) -> tuple[str, list[str]]:
    """What to say when every documented step was tried, and what to attach, spoken to whoever reads
    it: "your Kartra account" to a seller, "the seller's Kartra account" to an agent."""
    h = knowledge.load().handoff
    closing = h.closing.strip()
    attach = list(h.attach)
    if role == "agent":
        attach = [a.replace("your Kartra account", "the seller's Kartra account")
                  .replace("your payment processor account", "their payment processor account") for a in attach]
    return closing, attach


# --- a check's words ---------------------------------------------------------------------------------
#: What Stripe's ``requirements.disabled_reason`` asks of the account holder, in words.
_DISABLED = {
    "requirements.past_due": "Stripe needs more information about the business, and the deadline has passed: "
                             "open the Stripe Dashboard and complete what it asks for",
    "requirements.pending_verification": "Stripe is still checking the information it was sent",
    "listed": "Stripe is reviewing the account",
    "under_review": "Stripe is reviewing the account",
    "platform_paused": "the platform the account is connected through has paused it",
    "rejected.fraud": "Stripe has closed the account",
    "rejected.terms_of_service": "Stripe has closed the account",
    "rejected.listed": "Stripe has closed the account",
    "rejected.other": "Stripe has closed the account",
}


def account_words(acct: Mapping[str, Any]) -> tuple[str, str, str]:
    """(can it take payments, does it pay out, what Stripe wants) in words, from a live check's account."""
    reason = str(acct.get("disabled_reason") or "")
    charges = "can take payments" if acct.get("charges_enabled") else "cannot take payments"
    payouts = "pays out to your bank" if acct.get("payouts_enabled") else "does not pay out"
    if reason:
        wants = _DISABLED.get(reason, "Stripe has paused it: the Stripe Dashboard says why")
    elif acct.get("details_submitted") is False:
        wants = "Stripe is still waiting for its business details"
    else:
        wants = "Stripe has the business details it needs"
    return charges, payouts, wants


def key_words(kind: str) -> str:
    """'a live secret key', 'a test key (sk_test)': never the kind's id."""
    return knowledge.load().vocabulary.describe_value("key_kind", kind)


#: An export column's role, as a person names it.
_ROLE_WORDS = {"date": "the date", "time": "the time", "amount": "the amount", "currency": "the currency",
               "status": "whether it failed", "reason": "the reason", "customer": "the customer",
               "recurring": "whether it is a subscription payment", "type": "the kind of payment",
               "product": "the product", "charge": "the charge"}


def columns_used(mapping: Mapping[str, str]) -> list[tuple[str, str]]:
    """(what was read, from which column) for each column the export analysis used."""
    return [(_ROLE_WORDS.get(role, role.replace("_", " ")), col) for role, col in mapping.items()]


# --- the Cases page ---------------------------------------------------------------------------------
def problem_words(symptom: str, facts: Mapping[str, Any] | None = None) -> str:
    """A case's problem in words: 'Product configuration incomplete · Stripe connection: expired'.
    A case with no symptom facts is described by what its checks found (a test key), if anything."""
    voc = knowledge.load().vocabulary
    words = []
    parts = (symptom or "").split(" · ")
    for part in parts:
        name, _, value = part.partition("=")
        if name not in voc.facts or not value:
            continue
        if name == "error" and value == "card_declined" and any(p.startswith("decline_code=") for p in parts):
            continue  # "Card declined: insufficient funds" says it once
        fact = voc.facts[name]
        plain = voc.describe_value(name, value)
        if fact.type == "bool":
            words.append(fact.label if value == "true" else f"{fact.label}: no")
        elif name in ("scope", "purchase", "topic", "error"):
            words.append(plain[:1].upper() + plain[1:])
        else:
            words.append(f"{fact.label}: {plain}")
    if not words and facts:
        words = [s.rstrip(".") for s in known({k: v for k, v in facts.items() if k in ("key_kind", "charges_enabled",
                                                                                     "connection")})]
    return " · ".join(words) or "Not described yet"


# --- evidence tables ---------------------------------------------------------------------------------
ACTOR_WORDS = {"customer": "Customer", "seller": "Seller", "support": "Kartra support"}
NO_REASON = "(no reason given)"


def decline_words(code: Any) -> str:
    """A decline code in words ('insufficient funds'); '' for none."""
    return knowledge.load().vocabulary.describe_value("decline_code", code) if code else ""


def reason_row(r: Mapping[str, Any]) -> dict[str, Any]:
    """One decline reason of an export, with headings and values a person reads."""
    reason, code = str(r.get("reason") or ""), r.get("decline_code")
    if reason == NO_REASON:
        shown, who = "No reason in the file", "Seller"
        meaning = ("The export doesn't say why these failed: open each payment in your processor's dashboard "
                   "to see the reason it gives.")
    else:
        shown = decline_words(code) if code and _MACHINE.match(reason.strip()) or reason.strip() == code else reason
        who = ACTOR_WORDS.get(str(r.get("who acts") or ""), "")
        meaning = str(r.get("meaning") or "")
    return {"Reason": shown, "Payments": r.get("count"), "Share": r.get("share"), "Who acts": who,
            "What it means": meaning}


_SUBSCRIPTION_STATUS = {"past_due": "payment overdue", "unpaid": "unpaid", "incomplete": "first payment not made",
                        "incomplete_expired": "expired before its first payment", "canceled": "cancelled",
                        "paused": "paused", "active": "active", "trialing": "in its trial"}


def subscription_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Subscriptions in trouble from a live check, with headings and a status in words."""
    def status(value: Any) -> str:
        return _SUBSCRIPTION_STATUS.get(str(value), str(value or "").replace("_", " "))

    return [{"Subscription": r.get("id"), "Status": status(r.get("status")), "Customer": r.get("customer"),
             "Started": r.get("created")} for r in rows]


def invoice_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Open invoices from a live check, with headings a person reads."""
    return [{"Invoice": r.get("id"), "Customer": r.get("customer"), "Amount due": r.get("amount_due"),
             "Attempts so far": r.get("attempt_count"), "Next attempt": r.get("next_payment_attempt")} for r in rows]
