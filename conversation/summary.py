"""The ticket summary a support agent pastes into the ticket: Markdown, plain words, no secrets.

Step titles and outcomes, not ids; the customer's own words (masked); the evidence in brief; the
full case link; and, last, one "details for support" line with the facts, rules and sources for
whoever investigates further.
"""

from __future__ import annotations

import knowledge
from checks.redact import redact
from conversation.briefs import brief
from conversation.conversation import ROLES, Conversation


def _quote(text: str, limit: int = 700) -> list[str]:
    text = text if len(text) <= limit else text[:limit] + " […]"
    return ["> " + line if line.strip() else ">" for line in text.strip().splitlines()]


def ticket_summary(conv: Conversation, *, link: str | None = None, notes: list[dict] | None = None) -> str:
    """Everything a support ticket needs about this case, as Markdown (``notes``: the agents' internal
    notes, for a summary pasted into the ticket; never passed when a seller is looking)."""
    know = knowledge.load()
    voc = know.vocabulary
    advice = conv.advice()
    head = f"Reported by: {ROLES[conv.role]}" + (f" · Case: {link}" if link else "")
    lines = [f"## payassist summary · {conv.started}", "", head]

    if conv.words:
        lines += ["", "### In their own words"]
        for words in conv.words[:3]:
            lines += [*_quote(words), ""]
        lines.pop()
    lines += ["", "### What we know"]
    lines += [f"- {s}" for s in voc.sentences(conv.facts)] or ["- (nothing yet: answer the questions first)"]
    lines += [f"- {s}" for s in conv.symptoms if s.startswith("Demo scenario")]
    if conv.facts.get("retry_clock"):
        lines += ["", "### Retry clock", f"- {conv.facts['retry_clock']}"]
    briefs = [(m.text.split("**")[1] if m.text.startswith("**") else "Check", brief(m.evidence))
              for m in conv.messages if m.evidence is not None]
    briefs = [(title, b) for title, b in briefs if b]
    if briefs:
        lines += ["", "### Evidence"]
        lines += [f"- {title}: {b}" for title, b in briefs]

    lines += ["", "### Steps"]
    n = 0
    for step_id in conv.tried:
        n += 1
        step = know.steps.get(step_id)
        lines.append(f"{n}. ✗ {step.title if step else step_id} ({step.actor if step else '?'}): didn't help")
    if conv.fixed_by:
        step = know.steps.get(conv.fixed_by)
        lines.append(f"{n + 1}. ✓ {step.title if step else conv.fixed_by}: fixed it")
    else:
        for i, s in enumerate(advice.plan):
            n += 1
            lines.append(f"{n}. {'→ ' if i == 0 else ''}{s.title} ({s.actor}){': next' if i == 0 else ''}")
    if n == 0 and not conv.fixed_by:
        lines.append("- (answer the questions first)")
    if advice.exhausted and not conv.fixed_by:
        lines += ["", "### Hand-off", know.handoff.closing, "", "Attach:"]
        lines += [f"- {a}" for a in know.handoff.attach]

    if advice.customer_reply and not conv.fixed_by:
        lines += ["", "### Reply to the customer", *_quote(advice.customer_reply)]

    if notes:
        lines += ["", "### Internal notes"]
        for n in notes:
            when = str(n.get("at", ""))[:16].replace("T", " ")
            lines.append(f"- {' '.join(str(n['text']).split())} ({n.get('author') or 'anonymous'}, {when})")

    details = [f"facts: {voc.symptom_key(conv.facts)}"]
    rules = sorted({s.rule for s in advice.plan})
    if rules:
        details.append("rules: " + ", ".join(rules))
    if conv.tried:
        details.append("tried: " + ", ".join(conv.tried))
    sources = sorted({s.source_file for s in advice.plan if s.source_file})
    if sources:
        details.append("sources: " + ", ".join(sources))
    lines += ["", "### Details for support", " · ".join(details)]
    return redact("\n".join(lines)) + "\n"
