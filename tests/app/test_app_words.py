"""The page speaks a person's language: every demo scenario and every quick-reply path, driven through AppTest
as a seller, a support agent and a trainer, and the Outcomes and Cases pages with cases stored, show and copy no
step id, rule id, fact name or value, file name or Stripe field path (agents may get terse words, not ids: what
they copy into a helpdesk is read by people)."""

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


#: Widgets whose label, options, placeholder and help a person reads.
WIDGETS = ("selectbox", "multiselect", "radio", "segmented_control", "text_input", "text_area", "checkbox",
           "toggle", "date_input", "chat_input", "number_input", "button_group", "slider", "select_slider", "pills",
           "file_uploader", "download_button", "link_button", "page_link", "form_submit_button", "tabs")


def grid_text(d) -> list[str]:
    """A data grid as shown: each column under its label (Streamlit shows ``column_config``'s label, not the
    data's column name), hidden columns left out."""
    config = json.loads(d.proto.columns or "{}")
    order = list(d.proto.column_order) or [str(c) for c in d.value.columns]
    out = []
    for col in order:
        conf = config.get(col, {})
        if conf.get("hidden") or col not in d.value.columns:
            continue
        out += [conf.get("label") or col, *map(str, d.value[col].astype(str))]
    return out


def shown(at: AppTest) -> str:
    """Everything on the page a person reads or copies (the ticket summary's block is what the copy button
    copies and the download holds), the sidebar's too."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "text", "code", "caption", "warning", "success",
                 "info", "error", "toast", "metric"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    parts += [m.label for m in at.metric]
    for d in at.dataframe:
        parts += grid_text(d)
    for t in at.table:
        parts += [str(c) for c in t.value.columns] + [str(v) for v in t.value.astype(str).to_numpy().ravel()]
    for kind in WIDGETS:
        for w in getattr(at, kind, []):
            parts += [str(getattr(w, "label", "") or ""), str(getattr(w, "placeholder", "") or ""),
                      str(getattr(w, "help", "") or "")]
            parts += [str(o) for o in (getattr(w, "options", None) or [])]
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


def as_role(at: AppTest, role: str) -> AppTest:
    at.segmented_control(key="role_choice").set_value(role).run()
    assert not at.exception
    return at


def as_agent_too(at: AppTest, seen: list[str]) -> None:
    """The same conversation as a support agent: the ticket summary first and open, the notes, the terse plan
    or the agent's hand-off. (A terse step is the seller's step less its tips, so each step's words were read.)"""
    seen += [f"agent: {w}" for w in leaks(as_role(at, "agent"))]


@pytest.mark.parametrize("name", [d.name for d in demos()])
def test_every_demo_scenario_speaks_plainly_to_every_role(name):
    """As the trainer who starts it (the demo picker, its banner, the live check's findings), then to the
    hand-off as a seller, then as an agent."""
    at = start("trainer")
    at.selectbox(key="demo_choice").set_value(name).run()
    click(at, "Start demo")
    seen = [f"trainer: {w}" for w in leaks(at)]
    as_role(at, "seller")
    walk_to_the_end(at, seen)
    as_agent_too(at, seen)
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
def test_every_quick_reply_path_speaks_plainly_to_a_seller_and_an_agent(path):
    at = start()
    seen: list[str] = []
    for label in path:
        click(at, label)
        seen += leaks(at)
    walk_to_the_end(at, seen)
    as_agent_too(at, seen)
    assert sorted(set(seen)) == []


def test_every_question_speaks_plainly_to_an_agent_and_a_trainer():
    """Agents get each question's short form: every question of every path, asked as an agent, then as a
    trainer (who reads the seller's words beside the demo picker)."""
    prefixes = sorted({tuple(p[:i]) for p in PATHS for i in range(len(p))}, key=lambda p: (len(p), p))
    seen: list[str] = []
    for role in ("agent", "trainer"):
        at = start(role)
        for prefix in prefixes:
            click(at, "Start over")
            for label in prefix:
                click(at, label)
            assert at.session_state.session.conv.role == role
            seen += [f"{role} {' › '.join(prefix) or 'start'}: {w}" for w in leaks(at)]
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



def test_a_fallback_that_is_its_own_condition_is_not_put_after_another_if():
    """It read "If this doesn't help: If no account's key matches, open a support ticket …"."""
    at = start()
    click(at, "Connecting or updating Stripe in Kartra")
    click(at, "I have several Stripe accounts and don't know which one is linked")
    step = next(m.value for m in at.markdown if m.value.startswith("**1. "))
    assert "If no account's key matches, open a support ticket" in step
    assert "If this doesn't help: If" not in " ".join(m.value for m in at.markdown)

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


def store_cases() -> None:
    """Cases as people leave them: every demo with one step that didn't help and one that fixed it, a seller's
    fixed path, an agent's escalated case with a note, a pasted test key (a case with no symptom)."""
    from cases.store import open_store
    from conversation import Session
    from conversation.identity import Identity

    def outcomes(sess: Session) -> None:
        plan = sess.conv.advice().plan
        if plan:
            sess.didnt_help(plan[0].id)
        if len(plan) > 1:
            sess.fixed(plan[1].id)
        sess.save()

    for d in demos():
        sess = Session(open_store, role="trainer", identity=Identity(visitor="trainer-words"))
        sess.start_demo(d.name)
        sess.run_pending()
        outcomes(sess)
    for path in PATHS[::4]:
        sess = Session(open_store, identity=Identity(visitor="seller-words"))
        for question, label in zip_questions(sess, path):
            sess.answer(question, label)
        outcomes(sess)
    agent = Session(open_store, role="agent", identity=Identity(email="ada@example.com"))
    agent.paste("Kartra says: Your card has insufficient funds. Order 4521, bob@buyer.example")
    agent.add_note("Bank says the card is fine; asked the customer to retry.")
    for step in agent.conv.advice().plan:
        agent.didnt_help(step.id)
    agent.save()
    seller = Session(open_store, identity=Identity(visitor="seller-words"))
    seller.paste("my key is sk_test_" + "Q" * 30)
    seller.save()


def zip_questions(sess, path: list[str]) -> list[tuple[str, str]]:
    """The question each label of a path answers, asked in turn."""
    out = []
    c = type(sess.conv)(role="seller")
    for label in path:
        q = c.advice().questions[0]
        c.answer(q.id, label)
        out.append((q.id, label))
    return out


def test_the_team_pages_speak_plainly_with_cases_stored():
    """The Outcomes page for every problem it lists and the Cases page with trainer demos shown: the problem
    labels, the steps, the charts' data, the case list, each in words."""
    from tests.helpers import PAGES

    store_cases()
    seen: list[str] = []
    noted = start("agent")  # an agent's case with a note, to the hand-off: the note, its author line, the summary
    noted.chat_input[0].set_value("Customer jo@buyer.example: Your card has insufficient funds.").run()
    noted.text_area(key="note_text").input("Bank says the card is fine; asked the customer to retry.")
    click(noted, "Add note")
    walk_to_the_end(noted, seen)
    assert any("Bank says the card is fine" in m.value for m in noted.markdown)
    assert "Bank says the card is fine" in summary_of(noted)
    outcomes = AppTest.from_file(str(PAGES / "1_Outcomes.py"), default_timeout=30)
    outcomes.run()
    assert not outcomes.exception and outcomes.selectbox
    problems = outcomes.selectbox[0].options
    assert len(problems) > 5
    # Each value is named by what it is about and a decline is said once, as on the Cases page.
    assert not [p for p in problems if p.endswith("· expired") or ("Card declined:" in p and "was declined" in p)]
    from cases.stats import stats
    from cases.store import open_store

    symptoms = stats(open_store()[0]).by_step["symptom"].unique()  # what the page lists, as it selects them
    assert len(symptoms) == len(problems)
    for symptom in symptoms:
        outcomes.selectbox[0].select(symptom).run()
        seen += [f"outcomes {symptom}: {w}" for w in leaks(outcomes)]
    cases = AppTest.from_file(str(PAGES / "2_Cases.py"), default_timeout=30)
    cases.run()
    cases.toggle[0].set_value(True).run()
    assert not cases.exception and len(cases.table[0].value) > len(demos())
    seen += [f"cases: {w}" for w in leaks(cases)]
    assert sorted(set(seen)) == []
