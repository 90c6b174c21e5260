"""The conversation layer: one person's case between the page and the domain.

It takes input (answers, pastes, keys, files, forms), calls ``checks`` for facts, ``rules`` for
advice and ``cases`` to keep the case; the page only collects input and renders what comes
back. Nothing below this layer imports it, and it never imports Streamlit.
"""

from conversation.casefile import CaseFile, case_record
from conversation.conversation import ROLES, SHOWN_CHARS, Conversation, Message, Role, describe_facts
from conversation.forms import METHODS, PROCESSORS, ProductForm, parse_accounts, wizard_modules
from conversation.session import PendingCheck, Session, demo_sandbox
from conversation.summary import ticket_summary
from conversation.view import (
    AccountMatchEvidence,
    Advice,
    Citation,
    Evidence,
    ExportEvidence,
    IntegratedEvidence,
    KeyEvidence,
    LiveCheckEvidence,
    PlanStep,
    ProductEvidence,
    Question,
)

__all__ = [
    "AccountMatchEvidence",
    "Advice",
    "Citation",
    "Evidence",
    "ExportEvidence",
    "IntegratedEvidence",
    "KeyEvidence",
    "LiveCheckEvidence",
    "PlanStep",
    "ProductEvidence",
    "Question",
    "METHODS",
    "PROCESSORS",
    "ROLES",
    "SHOWN_CHARS",
    "CaseFile",
    "Conversation",
    "Message",
    "PendingCheck",
    "ProductForm",
    "Role",
    "Session",
    "case_record",
    "demo_sandbox",
    "describe_facts",
    "parse_accounts",
    "ticket_summary",
    "wizard_modules",
]
