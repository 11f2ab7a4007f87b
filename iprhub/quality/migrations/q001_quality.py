"""quality screening runs, findings and credit records

Revision ID: q001
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "q001"
down_revision = "0006"
branch_labels = ("quality",)
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "quality_runs",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("screened", sa.Integer(), nullable=False),
        sa.Column("partial", sa.Integer(), nullable=False),
        sa.Column("notice", sa.Text()),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("run", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_runs")),
    )
    op.create_table(
        "quality_findings",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("run_id", Id, nullable=False),
        sa.Column("subject_kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("signals", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("reviewed_at", sa.DateTime(timezone=True)),
        sa.ForeignKeyConstraint(["run_id"], ["quality_runs.id"], ondelete="CASCADE",
                                name=op.f("fk_quality_findings_run_id_quality_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_findings")),
    )
    op.create_index("ix_quality_findings_run", "quality_findings", ["run_id", "score"])
    op.create_index("ix_quality_findings_subject", "quality_findings", ["subject_kind", "subject"])
    op.create_table(
        "quality_credit",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("party_kind", sa.String(12), nullable=False),
        sa.Column("party", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("finding_id", Id),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text()),
        sa.ForeignKeyConstraint(["finding_id"], ["quality_findings.id"], ondelete="SET NULL",
                                name=op.f("fk_quality_credit_finding_id_quality_findings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_credit")),
    )
    op.create_index("ix_quality_credit_party", "quality_credit", ["party_kind", "party"])


def downgrade() -> None:
    op.drop_table("quality_credit")
    op.drop_table("quality_findings")
    op.drop_table("quality_runs")
