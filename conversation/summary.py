"""The ticket summary a support agent pastes into the ticket (Markdown, no secrets)."""

from __future__ import annotations

import knowledge
from checks.redact import redact
from conversation.conversation import ROLES, Conversation


def ticket_summary(conv: Conversation) -> str:
    """Symptoms, facts, steps recommended and already tried, as Markdown."""
    know = knowledge.load()
    advice = conv.advice()
    lines = [f"## payassist summary ({conv.started})", "", f"Reported by: {ROLES[conv.role]}", ""]
    lines.append("### Symptoms")
    lines += [f"- {s}" for s in conv.symptoms] or ["- (none given)"]
    lines += ["", "### Facts recognised"]
    lines += [f"- {label}: {value}" for label, value in know.vocabulary.describe(conv.facts)] or ["- (none yet)"]
    lines += [f"- Recognised: {r}" for r in conv.recognised]
    lines += ["", "### Already tried (did not help)"]
    lines += [f"- {know.steps[s].title} (`{s}`)" for s in conv.tried if s in know.steps] or ["- (nothing yet)"]
    if conv.fixed_by:
        step = know.steps.get(conv.fixed_by)
        lines += ["", "### Resolved", f"- Fixed by: {step.title if step else conv.fixed_by} (`{conv.fixed_by}`)"]
    else:
        lines += ["", "### Recommended next"]
        lines += [
            f"{i}. [{s.actor}] {s.title} (`{s.id}`)" for i, s in enumerate(advice.plan, 1)
        ] or ["- (answer the questions first)"]
    return redact("\n".join(lines)) + "\n"
