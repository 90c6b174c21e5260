"""owners, versions, status, notes; one outcome per step per case; masked e-mails in stored evidence

Existing cases are carried over: they get no owner (so only agents can change them; anyone else
who has the link sees them read-only and masked), version 1, a status from whether a step fixed
them, search words from their facts, and the customer e-mails inside their stored check evidence
masked. Where a step was marked more than once in a case, the latest outcome is kept.

Revision ID: 0002
Revises: 0001
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EMAIL = re.compile(r"(?<![\w.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})"
                   r"@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")


def _mask(obj):
    """Frozen copy of checks.personal.mask_emails over JSON (a migration must not change later)."""
    if isinstance(obj, str):
        return EMAIL.sub(lambda m: f"{m.group(1)[:1]}•••@{m.group(2)}", obj)
    if isinstance(obj, dict):
        return {_mask(k): _mask(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_mask(v) for v in obj]
    return obj


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("owner", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="open"))
        batch.add_column(sa.Column("search", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("link_revoked", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.create_index("ix_cases_owner", ["owner"])
        batch.create_index("ix_cases_updated", ["updated"])

    # One outcome per step per case: keep the latest of any repeats, then make it a rule.
    op.execute("""
        DELETE FROM step_outcomes WHERE id NOT IN (
            SELECT max_id FROM (SELECT max(id) AS max_id FROM step_outcomes GROUP BY case_id, step_id) AS keep)
    """)
    with op.batch_alter_table("step_outcomes") as batch:
        batch.add_column(sa.Column("author", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("by_agent", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.create_unique_constraint("uq_outcomes_case_step", ["case_id", "step_id"])

    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("author", sa.String(200), nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_notes_case", "case_notes", ["case_id"])

    cases = sa.table("cases", sa.column("id", sa.String), sa.column("facts", sa.JSON),
                     sa.column("conversation", sa.JSON), sa.column("status", sa.String),
                     sa.column("search", sa.String))
    conn = op.get_bind()
    for row in conn.execute(sa.select(cases.c.id, cases.c.facts, cases.c.conversation)).all():
        conv = dict(row.conversation or {})
        messages = []
        for m in conv.get("messages") or []:
            if isinstance(m, dict) and isinstance(m.get("evidence"), dict):
                m = {**m, "evidence": _mask(m["evidence"])}
            messages.append(m)
        conv["messages"] = messages
        facts = row.facts or {}
        words = [str(facts.get(k, "")) for k in ("error", "decline_code")]
        words += [m.get("text", "") for m in messages if isinstance(m, dict) and m.get("speaker") == "user"]
        found = {x.group(0).lower() for w in words for x in EMAIL.finditer(w)}
        search = " ".join(sorted({w.lower() for w in words[:2] if w} | found))
        status = "fixed" if conv.get("fixed_by") else "open"
        conn.execute(cases.update().where(cases.c.id == row.id)
                     .values(conversation=conv, status=status, search=search))


def downgrade() -> None:
    op.drop_table("case_notes")
    with op.batch_alter_table("step_outcomes") as batch:
        batch.drop_constraint("uq_outcomes_case_step", type_="unique")
        batch.drop_column("by_agent")
        batch.drop_column("author")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_updated")
        batch.drop_index("ix_cases_owner")
        for column in ("link_revoked", "search", "status", "version", "owner"):
            batch.drop_column(column)
