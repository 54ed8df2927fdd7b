"""inquiries, topics, notes and coordinators

Revision ID: 0001
Revises:
Create Date: 2026-11-28 15:38:14.015870
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coordinators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "inquiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=50), nullable=False),
        sa.Column("consultation_requested", sa.Boolean(), nullable=False),
        sa.Column("handoff_requested", sa.Boolean(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("urgency", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("contact_kind", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("treatment", sa.String(length=200), nullable=True),
        sa.Column("clinic", sa.String(length=100), nullable=True),
        sa.Column("travel_month", sa.String(length=7), nullable=True),
        sa.Column("budget", sa.String(length=100), nullable=True),
        sa.Column("scar_description", sa.Text(), nullable=True),
        sa.Column("contact_consent_at", sa.DateTime(), nullable=True),
        sa.Column("health_consent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inquiries_conversation_id"), ["conversation_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_inquiries_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inquiries_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_inquiries_urgency"), ["urgency"], unique=False)

    op.create_table(
        "inquiry_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["inquiry_id"], ["inquiries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inquiry_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inquiry_notes_inquiry_id"), ["inquiry_id"], unique=False)

    op.create_table(
        "inquiry_topics",
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["inquiry_id"], ["inquiries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("inquiry_id", "topic"),
    )
    with op.batch_alter_table("inquiry_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inquiry_topics_topic"), ["topic"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inquiry_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inquiry_topics_topic"))

    op.drop_table("inquiry_topics")
    with op.batch_alter_table("inquiry_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inquiry_notes_inquiry_id"))

    op.drop_table("inquiry_notes")
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inquiries_urgency"))
        batch_op.drop_index(batch_op.f("ix_inquiries_status"))
        batch_op.drop_index(batch_op.f("ix_inquiries_created_at"))
        batch_op.drop_index(batch_op.f("ix_inquiries_conversation_id"))

    op.drop_table("inquiries")
    op.drop_table("coordinators")
