"""helpdesk tickets and the outbox of notes to write back to them

``helpdesk_tickets`` ties a helpdesk's ticket to the case made for it (one case per ticket);
``helpdesk_outbox`` holds a row per private note owed to a ticket until the helpdesk has it.
Both go with their case when it is deleted (foreign keys ON DELETE CASCADE). No existing data
changes.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "helpdesk_tickets",
        sa.Column("helpdesk", sa.String(16), primary_key=True),
        sa.Column("ticket_id", sa.String(40), primary_key=True),
        sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_helpdesk_tickets_case", "helpdesk_tickets", ["case_id"])
    op.create_table(
        "helpdesk_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("helpdesk", sa.String(16), nullable=False),
        sa.Column("ticket_id", sa.String(40), nullable=False),
        sa.Column("body", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_outbox_due", "helpdesk_outbox", ["status", "next_at"])
    op.create_index("ix_outbox_case", "helpdesk_outbox", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_case", "helpdesk_outbox")
    op.drop_index("ix_outbox_due", "helpdesk_outbox")
    op.drop_table("helpdesk_outbox")
    op.drop_index("ix_helpdesk_tickets_case", "helpdesk_tickets")
    op.drop_table("helpdesk_tickets")
