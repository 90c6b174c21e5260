"""Each kind of evidence in one plain sentence, for the ticket summary ("4 of 7 payments failed…")."""

from __future__ import annotations

from collections import Counter

from checks.evidence import (
    AccountMatchEvidence,
    Evidence,
    ExportEvidence,
    IntegratedEvidence,
    KeyEvidence,
    LiveCheckEvidence,
    ProductEvidence,
)


def _reasons(counts: Counter[str], limit: int = 3) -> str:
    return ", ".join(f"{n} × {code.replace('_', ' ')}" for code, n in counts.most_common(limit))


def _day(iso: str | None) -> str:
    return (iso or "")[:10]


def brief(ev: Evidence) -> str:
    """One sentence a support agent can paste; '' when the evidence says nothing worth repeating."""
    match ev:
        case ExportEvidence(summary=s, by_reason=reasons) if s:
            codes: Counter[str] = Counter()
            for r in reasons:
                codes[r.get("decline_code") or r.get("reason") or "?"] += int(r.get("count") or 0)
            span = f" from {s['first']} to {s['last']}" if s.get("first") else ""
            rate = s.get("failure_rate", 0)
            text = f"{s.get('failed', 0):,} of {s.get('rows', 0):,} payments failed ({rate:.0%}){span}"
            if s.get("since"):
                text += f", every one since {s['since']}"
            return text + (f"; {_reasons(codes)}." if codes else ".")
        case LiveCheckEvidence(account=acct, failed_payments=failed, charges_seen=seen):
            parts = []
            if acct:
                parts.append(f"account {acct.get('name') or acct.get('id')} ({ev.mode} mode) "
                             f"{'can' if acct.get('charges_enabled') else 'cannot'} take charges")
            if seen:
                codes = Counter(r.get("decline_code") or "?" for r in failed)
                parts.append(f"{len(failed)} of the last {seen} charges failed"
                             + (f" ({_reasons(codes)})" if failed else ""))
            if ev.subscriptions:
                parts.append(f"{len(ev.subscriptions)} subscription(s) past due or unpaid")
            text = "; ".join(parts)
            return text[:1].upper() + text[1:] + "." if parts else ""
        case ProductEvidence(modules=modules, integrations=integrations):
            pending = [m["name"] for m in modules if m.get("needs_action")]
            states = {i.get("connection") for i in integrations if i.get("connection")}
            text = f"modules to finish: {', '.join(pending)}" if pending else "every module saved"
            if states:
                text += f"; Stripe connection: {', '.join(sorted(s.replace('_', ' ') for s in states))}"
            return text[0].upper() + text[1:] + "."
        case AccountMatchEvidence(match=match, accounts=accounts):
            if match:
                return f"The matching Stripe account is {match}."
            return f"None of the {len(accounts)} Stripe accounts compared has the publishable key Kartra shows."
        case IntegratedEvidence(selected=sel):
            return f"Checked whether {sel.get('name') or sel.get('account_id')} is already integrated."
        case KeyEvidence(masked=masked, key_kind=kind):
            return f"The key {masked} is {kind.replace('_', ' ')}." if kind else ""
    return ""
