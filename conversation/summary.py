"""The ticket summary a support agent pastes into the ticket: Markdown, plain words, no secrets.

Step titles and outcomes, never ids; the customer's own words (masked), inside a code fence so
that nothing they pasted becomes a live link or image in the ticket; the evidence in brief; the
full case link; and each step's own article, by title and public address.
"""

from __future__ import annotations

import re

import knowledge
from checks.redact import redact
from conversation.briefs import brief
from conversation.conversation import ROLES, Conversation
from conversation.markup import plain
from conversation.view import citation, handoff, known, step_title

ACTORS = {"customer": "customer", "seller": "seller", "support": "Kartra support"}


def fenced(text: str, limit: int = 700) -> list[str]:
    """``text`` as a fenced code block: inert in any Markdown viewer (no links, images or HTML), the
    fence longer than any run of backticks inside it (CommonMark's rule), so it can't be closed early."""
    text = text if len(text) <= limit else text[:limit] + " […]"
    run = max((len(m) for m in re.findall(r"`+|~+", text)), default=0)
    fence = "`" * max(3, run + 1)
    return [fence + "text", *text.strip().splitlines(), fence]


def _quote(text: str) -> list[str]:
    return ["> " + line if line.strip() else ">" for line in text.strip().splitlines()]


def ticket_summary(conv: Conversation, *, link: str | None = None, notes: list[dict] | None = None) -> str:
    """Everything a support ticket needs about this case, as Markdown (``notes``: the agents' internal
    notes, for a summary pasted into the ticket; never passed when a seller is looking)."""
    know = knowledge.load()
    advice = conv.advice()
    head = f"Reported by: {ROLES[conv.role]}" + (f" · Case: {link}" if link else "")
    lines = [f"## payassist summary · {conv.started}", "", head]

    if conv.words:
        lines += ["", "### In their own words"]
        for words in conv.words[:3]:
            lines += [*fenced(words), ""]
        lines.pop()
    found = list(dict.fromkeys(f for m in conv.messages for f in m.found))
    if found:
        lines += ["", "### Picked out of what they wrote"]
        lines += [f"- {what}: {plain(value)}" for what, value in found[:20]]
    lines += ["", "### What we know"]
    lines += [f"- {s}" for s in known(conv.facts)] or ["- (nothing yet: answer the questions first)"]
    lines += [f"- {plain(s)}" for s in conv.symptoms if s.startswith("Demo scenario")]
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
    cited = []
    for step_id in conv.tried:
        n += 1
        step = know.steps.get(step_id)
        actor = ACTORS.get(step.actor, step.actor) if step else "?"
        cited.append(citation(step_id))
        lines.append(f"{n}. ✗ {step_title(step_id)} ({actor}): didn't help")
    if conv.fixed_by:
        lines.append(f"{n + 1}. ✓ {step_title(conv.fixed_by)}: fixed it")
        cited.append(citation(conv.fixed_by))
    else:
        for i, s in enumerate(advice.plan):
            n += 1
            cited.append(citation(s))
            lines.append(f"{n}. {'→ ' if i == 0 else ''}{s.title} ({ACTORS.get(s.actor, s.actor)})"
                         f"{': next' if i == 0 else ''}")
    if n == 0 and not conv.fixed_by:
        lines.append("- (answer the questions first)")
    if advice.exhausted and not conv.fixed_by:
        closing, attach = handoff(conv.role)
        lines += ["", "### Hand-off", closing, "", "Attach:"]
        lines += [f"- {a}" for a in attach]

    if advice.customer_reply and not conv.fixed_by:
        lines += ["", "### Reply to the customer", *_quote(advice.customer_reply)]

    if notes:
        lines += ["", "### Internal notes"]
        for note in notes:
            when = str(note.get("at", ""))[:16].replace("T", " ")
            lines.append(f"- {plain(' '.join(str(note['text']).split()))} ({plain(note.get('author') or 'anonymous')}, "
                         f"{when})")

    sources = [c for c in dict.fromkeys(cited) if c.title]
    if sources:
        lines += ["", "### Sources"]
        lines += [f"- {c.title}: {c.url}" if c.url else f"- {c.title}" for c in sources]
    return redact("\n".join(lines)) + "\n"
