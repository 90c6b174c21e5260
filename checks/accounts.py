"""Which Stripe account goes with a Kartra integration (reconnecting, "already integrated").

The seed article: compare the publishable key shown in Kartra with the publishable key of each
Stripe account (Developers › API keys); to confirm which account is connected, compare the
account name and ID (Settings › Business › Account details).
"""

from __future__ import annotations

import re
from typing import Any

from checks.evidence import AccountMatchEvidence, IntegratedEvidence
from checks.finding import Finding
from checks.redact import mask

_QUOTES = "\"'`\u201c\u201d\u2018\u2019"
_PK = re.compile(r"^pk_(live|test)_([A-Za-z0-9]+)$")


def _clean(text: str | None) -> tuple[str, bool]:
    raw = text or ""
    cleaned = raw.strip().strip(_QUOTES).strip()
    return cleaned, cleaned != raw


def _candidates(candidates: list[dict[str, Any]] | dict[str, str]) -> list[dict[str, Any]]:
    if isinstance(candidates, dict):
        return [{"name": name, "publishable_key": key} for name, key in candidates.items()]
    return [c for c in candidates if isinstance(c, dict)]


_SECRET = re.compile(r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]+")
SECRET_PASTED = ("A secret key ({}) was pasted where a publishable key (pk_…) belongs. It was not kept or sent "
                 "anywhere; if it was also pasted somewhere public, roll it in Stripe (Developers › API keys).")


def match_account(kartra_key: str, candidates: list[dict[str, Any]] | dict[str, str]) -> Finding:
    """Say which Stripe account to select, or why none matches. Never raises."""
    finding = _match(kartra_key, candidates)
    texts = [kartra_key or ""] + [str(c.get("publishable_key") or "") for c in _candidates(candidates)]
    secrets = [mask(m.group(0)) for t in texts for m in _SECRET.finditer(t)]
    if secrets:
        finding.problems.insert(0, SECRET_PASTED.format(", ".join(dict.fromkeys(secrets))))
    return finding


def _match(kartra_key: str, candidates: list[dict[str, Any]] | dict[str, str]) -> Finding:
    target, trimmed = _clean(kartra_key)
    notes = ["Removed spaces or quotes around the key from Kartra."] if trimmed else []
    rows, match, reasons = [], None, []
    tm = _PK.match(target)
    if not tm:
        return Finding(problems=["The key from Kartra should be a publishable key (it begins with pk_live_ "
                                 "or pk_test_). Copy it from the bottom right of the integration window."],
                       evidence=AccountMatchEvidence(notes=tuple(notes)))
    for cand in _candidates(candidates):
        key, cand_trimmed = _clean(cand.get("publishable_key"))
        name = str(cand.get("name") or cand.get("account_id") or "an account")
        cm = _PK.match(key)
        verdict = "different account"
        if key == target:
            verdict, match = "match", name
        elif cm and cm.group(2) == tm.group(2) and cm.group(1) != tm.group(1):
            verdict = "same account, other mode"
        elif cm and cm.group(1) != tm.group(1):
            verdict = f"{cm.group(1)} key, Kartra shows a {tm.group(1)} key"
        elif key and (target.startswith(key) or key.startswith(target)):
            verdict = "cut off when copied"
        elif not cm:
            verdict = "not a publishable key"
        if cand_trimmed:
            notes.append(f"Removed spaces or quotes around the key of {name}.")
        rows.append({"account": name, "account_id": cand.get("account_id") or "",
                     "publishable_key": mask(key) if key else "", "verdict": verdict})
        if verdict != "match":
            reasons.append(verdict)
    evidence = AccountMatchEvidence(kartra_key=mask(target), accounts=tuple(rows), notes=tuple(notes))
    if match:
        return Finding(facts={"integration_matches": True}, evidence=evidence.replace(match=match))
    if any("other mode" in r or "key, Kartra shows" in r for r in reasons):
        why = (f"Kartra shows a {tm.group(1)} key. In Stripe, switch {'off' if tm.group(1) == 'live' else 'on'} "
               "Test mode before copying the publishable key, then compare again.")
    elif "cut off when copied" in reasons:
        why = "One of the keys looks cut off: copy the whole publishable key again and compare."
    else:
        why = ("None of these accounts has the publishable key shown in Kartra: check your other Stripe "
               "accounts (a single Stripe login can hold several).")
    return Finding(facts={"integration_matches": False, "error": "account_mismatch"}, evidence=evidence,
                   problems=[why])


def check_already_integrated(selected: dict[str, Any], integrations: list[dict[str, Any]]) -> Finding:
    """Is the account selected in Stripe already one of the Kartra integrations? Compare ID and name."""
    sel_id = (selected.get("account_id") or "").strip()
    sel_name = (selected.get("name") or "").strip().lower()
    hits = [i for i in integrations if (sel_id and (i.get("account_id") or "").strip() == sel_id)
            or (sel_name and (i.get("name") or "").strip().lower() == sel_name)]
    evidence = IntegratedEvidence(
        selected={"name": selected.get("name"), "account_id": sel_id},
        integrations=tuple({"name": i.get("name"), "account_id": i.get("account_id")} for i in integrations))
    if hits:
        return Finding(facts={"error": "already_integrated"}, evidence=evidence, problems=[
            f"{selected.get('name') or sel_id} is already integrated in Kartra (as “{hits[0].get('name')}”). "
            "Click Connect with Stripe again and select a different account if you need another one."])
    return Finding(evidence=evidence)
