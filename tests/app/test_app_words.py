"""The page speaks a seller's language: every demo scenario and every quick-reply path, driven as a seller
through AppTest, shows and copies no step id, rule id, fact name or value, file name or Stripe field path."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import knowledge
from knowledge.demos import demos
from tests.helpers import click, plan_titles, start

#: Snake_case and dotted identifiers: how every id, fact name and value, and Stripe field path is spelt.
MACHINE = re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+(?![\w/@-])")
#: What may look like one and is meant for a person: addresses, Stripe object ids people look up,
#: masked keys and key prefixes (the seller sees them in Kartra), Streamlit's own directives.
ALLOWED = [
    re.compile(r"https?://\S+"),
    re.compile(r"\b[\w.-]+\.(?:com|test|org)\b"),
    re.compile(r"\b(?:acct|ch|cus|sub|in|pi|py|txn|prod|price)_[A-Za-z0-9]+"),
    re.compile(r"\b(?:sk|pk|rk)_(?:live|test)_[\w…]*"),
    re.compile(r"\b(?:sk|pk|rk)_(?:live|test)\b"),
    re.compile(r":material/[a-z_]+:"),
    re.compile(r":[a-z]+-badge\["),
    re.compile(r"\?case=[\w-]+"),
]


def forbidden_words() -> set[str]:
    """Every internal name a person must never read: step ids, rule ids, fact names and values, sources' files."""
    from rules.engine import get_engine

    know = knowledge.load()
    voc = know.vocabulary
    words = set(know.steps) | {r.name for r in get_engine().rules} | set(voc.facts)
    for fact in voc.facts.values():
        words |= set(fact.values) if fact.values else set()
        words |= set(voc.derived.get(fact.values_from or "", ()))
    words |= {s.file for s in know.sources.values()}
    return {w for w in words if "_" in w or "." in w}


FORBIDDEN = forbidden_words()


def shown(at: AppTest) -> str:
    """Everything on the page a person reads or copies (the ticket summary's block is what the copy button
    copies and the download holds)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "text", "code", "caption", "warning", "success",
                 "info", "error", "toast"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    for d in at.dataframe:
        parts += [str(c) for c in d.value.columns] + [str(v) for v in d.value.astype(str).to_numpy().ravel()]
    parts += [s.label for s in at.status] + [e.label for e in at.expander] + [b.label for b in at.button]
    parts += [f"{c['label']} {c['text']}" for c in copied(at)]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


def copied(at: AppTest) -> list[dict]:
    """What each copy button holds (an ``st.components.v2`` component: its data is JSON)."""
    return [json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == "payassist_copy"]


def leaks(at: AppTest) -> list[str]:
    text = shown(at)
    for pattern in ALLOWED:
        text = pattern.sub(" ", text)
    found = set(MACHINE.findall(text))
    found |= {w for w in FORBIDDEN if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text)}
    found |= set(re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt\b", text))
    return sorted(found)


def walk_to_the_end(at: AppTest, seen: list[str]) -> None:
    """Open the summary and the reply, then "Didn't help" on every step to the hand-off, noting leaks."""
    for _ in range(12):
        seen += leaks(at)
        if not [b for b in at.button if b.label == "Didn't help"]:
            break
        click(at, "Didn't help")
    seen += leaks(at)


def test_the_probe_finds_internal_words():
    """The probe itself: it catches a step id, a Stripe field path and a seed's file name."""
    at = start()
    at.markdown  # noqa: B018 - the page ran
    text = "step customer.check_entered_info, requirements.past_due and 001_3199733bdd79ee4d.txt"
    assert {"customer.check_entered_info", "requirements.past_due"} <= set(MACHINE.findall(text))
    assert "001_3199733bdd79ee4d.txt" in FORBIDDEN


@pytest.mark.parametrize("name", [d.name for d in demos()])
def test_every_demo_scenario_speaks_plainly_to_a_seller(name):
    at = start("trainer")
    at.selectbox(key="demo_choice").set_value(name).run()
    click(at, "Start demo")
    at.segmented_control(key="role_choice").set_value("seller").run()
    assert not at.exception
    seen: list[str] = []
    walk_to_the_end(at, seen)
    assert sorted(set(seen)) == []


def quick_reply_paths() -> list[list[str]]:
    """Every path through the quick replies to a plan, as the labels a seller clicks."""
    from conversation import Conversation

    out: list[list[str]] = []

    def walk(path: list[tuple[str, str]]) -> None:
        c = Conversation(role="seller")
        for qid, label in path:
            c.answer(qid, label)
        questions = c.advice().questions
        if not questions:
            out.append([label for _, label in path])
            return
        for label in questions[0].options:
            walk([*path, (questions[0].id, label)])

    walk([])
    return out


PATHS = quick_reply_paths()


def test_the_paths_cover_every_quick_reply():
    import rules

    labels = {label for path in PATHS for label in path}
    first = rules.advise({}).questions[0]
    assert set(first.options) <= labels and len(PATHS) > 20


@pytest.mark.parametrize("path", PATHS, ids=[" › ".join(p) for p in PATHS])
def test_every_quick_reply_path_speaks_plainly_to_a_seller(path):
    at = start()
    seen: list[str] = []
    for label in path:
        click(at, label)
        seen += leaks(at)
    walk_to_the_end(at, seen)
    assert sorted(set(seen)) == []


def summary_of(at: AppTest) -> str:
    return next(c.value for c in at.code if c.value.startswith("## payassist summary"))


def test_the_summary_cites_each_steps_own_article_by_title_and_address():
    at = start()
    at.chat_input[0].set_value("Customer says: Your card has insufficient funds.").run()
    summary = summary_of(at)
    sources = summary.split("### Sources\n")[1].splitlines()
    decline = "- Stripe documentation: Decline codes › insufficient funds: https://docs.stripe.com/declines/codes"
    assert decline in sources
    assert any(s.startswith("- Kartra help: Payment troubleshooting › ") and
               s.endswith("https://support.kartra.com/support/solutions/articles/153000170336-troubleshoot-declined-payments")
               for s in sources)
    assert ".txt" not in summary and "facts:" not in summary and "rules:" not in summary
    # "Why this step" links the step's own article.
    why = next(e for e in at.expander if e.label == "Why this step")
    assert "[Stripe documentation: Decline codes › insufficient funds](https://docs.stripe.com/declines/codes)" in \
        " ".join(m.value for m in why.markdown)


def test_what_we_know_states_a_decline_once():
    at = start()
    at.chat_input[0].set_value("Stripe: card_declined, decline_code: insufficient_funds. Your card was declined.").run()
    known = summary_of(at).split("### What we know\n")[1].split("\n\n")[0].splitlines()
    declines = [k for k in known if "declin" in k.lower()]
    assert len(declines) == 1 and "insufficient funds" in declines[0], known


def test_the_hand_off_says_where_to_submit_the_ticket_and_speaks_to_the_seller():
    at = start()
    click(at, "One or a few customers can't pay")
    click(at, "A new purchase won't go through")
    walk_to_the_end(at, [])
    said = " ".join(m.value for m in at.markdown)
    assert "submit one from inside Kartra's help center" in said
    assert "your Kartra account" in said and "the seller's Kartra account" not in said
    assert "your Kartra account" in summary_of(at)
    agent = start("agent")
    click(agent, "One or a few customers can't pay")
    click(agent, "A new purchase won't go through")
    walk_to_the_end(agent, [])
    assert "the seller's Kartra account" in " ".join(m.value for m in agent.markdown)


def test_a_fallback_never_suggests_a_step_already_tried():
    at = start()
    click(at, "Connecting or updating Stripe in Kartra")
    click(at, "\"Connection failed: Stripe account does not match\"")
    click(at, "Didn't help")  # "Find the right account by its publishable key"
    step = next(m.value for m in at.markdown if m.value.startswith("**2. "))
    assert "compare publishable keys" not in step
    assert "If this doesn't help: Go on to the next step: Open a support ticket." in step


EMAIL = """Hello, the payment for order #4521 failed again today (ch_3PXyZ2LkdIqaB1c0):
Your card has insufficient funds. It was $49.00 on 12 Nov 2026.

Thanks,
Jo Smith
+1 555 123 4567
Sent from my iPhone

On Tue, Nov 12, 2026 at 10:02 AM Kartra Support <support@kartra.com> wrote:
> Hi Jo,
> Could you send the error you see at the checkout?
>
> Best, Ana
"""


def test_a_pasted_email_keeps_the_new_words_the_rest_one_click_away_shown_once():
    """#24: a pasted e-mail was kept whole (quotes, signature, "Sent from my iPhone") and shown twice."""
    at = start("agent")
    at.chat_input[0].set_value(EMAIL).run()
    assert not at.exception
    said = next(t.value for t in at.text if "order #4521" in t.value)
    assert "Sent from my iPhone" not in said and "Could you send the error" not in said
    rest = next(e for e in at.expander if e.label.startswith("The rest of the e-mail"))
    assert not rest.proto.expanded and "Sent from my iPhone" in rest.text[0].value
    picked = next(m.value for m in at.markdown if m.value.startswith("Picked out: "))
    for bit in ("Order `4521`", "Charge `ch_3PXyZ2LkdIqaB1c0`", "Amount `$49.00`", "Date `12 Nov 2026`"):
        assert bit in picked
    summary = summary_of(at)
    assert "Sent from my iPhone" not in summary and "Could you send the error" not in summary
    assert "- Order: 4521" in summary and "- Charge: ch" in summary
    # The new words appear once on the page a person scrolls (the summary block is collapsed at first).
    assert sum("order #4521" in t.value for t in at.text) == 1
    assert not next(e for e in at.expander if e.label == "Ticket summary").proto.expanded
    assert plan_titles(at)[0] == "**1. Card declined: insufficient funds**"


def test_the_ticket_summary_holds_no_live_markup_from_a_paste():
    """#24: pasted Markdown (an image, a link, raw HTML) must stay text in the downloaded or copied summary."""
    at = start()
    at.chat_input[0].set_value("![t](https://evil.test/x.png) [Verify](https://evil.test) <img src=x> ```\n"
                               "Your card has insufficient funds.").run()
    summary = summary_of(at)
    body = summary.split("### In their own words\n")[1].split("\n\n###")[0]
    fence = body.splitlines()[0].removesuffix("text")
    assert set(fence) == {"`"} and len(fence) > 3 and body.rstrip().endswith(fence)
    assert "![t](https://evil.test/x.png)" in body  # the words kept, inside the fence only
    outside = summary.replace(body, "")
    assert "evil.test" not in outside


def test_copy_buttons_carry_a_hostile_paste_as_data_never_as_markup():
    """#24: the copy buttons were HTML templates; a paste holding ``<!--<script`` could break their script.
    Now the button's markup is fixed and the text travels as JSON data."""
    hostile = "Your card has expired. <!--<script>document.title='pwned'</script> </script><img src=x onerror=alert(1)>"
    at = start()
    at.chat_input[0].set_value(hostile).run()
    buttons = [e for e in at.get("bidi_component") if e.proto.component_name == "payassist_copy"]
    assert {json.loads(b.proto.json)["label"] for b in buttons} >= {"Copy summary", "Copy reply to customer"}
    for b in buttons:
        assert "pwned" not in b.proto.html_content and "pwned" not in b.proto.js_content
    summary = next(c["text"] for c in copied(at) if c["label"] == "Copy summary")
    assert "<!--<script>document.title='pwned'</script>" in summary  # copied exactly, inside the fence
    assert summary.strip() == summary_of(at).strip()
