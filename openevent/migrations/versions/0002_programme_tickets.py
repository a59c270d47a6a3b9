"""programme_tickets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:52:40.365931
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('microlocations',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('floor', sa.Integer(), nullable=True),
    sa.Column('room', sa.String(length=255), nullable=True),
    sa.Column('hidden_in_scheduler', sa.Boolean(), nullable=False),
    sa.Column('is_chat_enabled', sa.Boolean(), nullable=True),
    sa.Column('is_global_event_room', sa.Boolean(), nullable=True),
    sa.Column('chat_room_name', sa.String(length=255), nullable=True),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_microlocations_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_microlocations'))
    )
    op.create_index(op.f('ix_microlocations_deleted_at'), 'microlocations', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_microlocations_event_id'), 'microlocations', ['event_id'], unique=False)
    op.create_table('session_types',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('length', sa.String(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_session_types_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_types'))
    )
    op.create_index(op.f('ix_session_types_deleted_at'), 'session_types', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_session_types_event_id'), 'session_types', ['event_id'], unique=False)
    op.create_table('speakers',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('photo_url', sa.Text(), nullable=True),
    sa.Column('thumbnail_image_url', sa.Text(), nullable=True),
    sa.Column('small_image_url', sa.Text(), nullable=True),
    sa.Column('icon_image_url', sa.Text(), nullable=True),
    sa.Column('short_biography', sa.Text(), nullable=True),
    sa.Column('long_biography', sa.Text(), nullable=True),
    sa.Column('speaking_experience', sa.Text(), nullable=True),
    sa.Column('mobile', sa.String(length=64), nullable=True),
    sa.Column('website', sa.Text(), nullable=True),
    sa.Column('twitter', sa.Text(), nullable=True),
    sa.Column('facebook', sa.Text(), nullable=True),
    sa.Column('github', sa.Text(), nullable=True),
    sa.Column('mastodon', sa.Text(), nullable=True),
    sa.Column('linkedin', sa.Text(), nullable=True),
    sa.Column('instagram', sa.Text(), nullable=True),
    sa.Column('organisation', sa.String(length=255), nullable=True),
    sa.Column('is_featured', sa.Boolean(), nullable=False),
    sa.Column('is_email_overridden', sa.Boolean(), nullable=False),
    sa.Column('position', sa.String(length=255), nullable=True),
    sa.Column('country', sa.String(length=255), nullable=True),
    sa.Column('city', sa.String(length=255), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('gender', sa.String(length=32), nullable=True),
    sa.Column('order', sa.Integer(), nullable=True),
    sa.Column('heard_from', sa.String(length=255), nullable=True),
    sa.Column('sponsorship_required', sa.Text(), nullable=True),
    sa.Column('complex_field_values', sa.JSON(), nullable=True),
    sa.Column('speaker_positions', sa.JSON(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_speakers_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_speakers_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers'))
    )
    op.create_index(op.f('ix_speakers_deleted_at'), 'speakers', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_speakers_event_id'), 'speakers', ['event_id'], unique=False)
    op.create_index(op.f('ix_speakers_user_id'), 'speakers', ['user_id'], unique=False)
    op.create_index('uq_speakers_event_email_live', 'speakers', ['event_id', 'email'], unique=True, sqlite_where=sa.text('deleted_at IS NULL AND email IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NULL AND email IS NOT NULL'))
    op.create_table('tasks',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('WAITING', 'RUNNING', 'SUCCESS', 'FAILURE')", name=op.f('ck_tasks_state')),
    sa.CheckConstraint('progress IS NULL OR (progress >= 0 AND progress <= 100)', name=op.f('ck_tasks_progress')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_tasks_owner_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    op.create_index(op.f('ix_tasks_owner_id'), 'tasks', ['owner_id'], unique=False)
    op.create_index('ix_tasks_state_heartbeat_at', 'tasks', ['state', 'heartbeat_at'], unique=False)
    op.create_table('tickets',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('min_price', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('max_price', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('is_description_visible', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('is_fee_absorbed', sa.Boolean(), nullable=False),
    sa.Column('sales_starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sales_ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_hidden', sa.Boolean(), nullable=False),
    sa.Column('min_order', sa.Integer(), nullable=True),
    sa.Column('max_order', sa.Integer(), nullable=True),
    sa.Column('is_checkin_restricted', sa.Boolean(), nullable=False),
    sa.Column('auto_checkin_enabled', sa.Boolean(), nullable=False),
    sa.Column('form_id', sa.String(length=255), nullable=True),
    sa.Column('badge_id', sa.String(length=255), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_tickets_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets'))
    )
    op.create_index(op.f('ix_tickets_deleted_at'), 'tickets', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_tickets_event_id'), 'tickets', ['event_id'], unique=False)
    op.create_table('tracks',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('color', sa.String(length=7), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_tracks_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tracks'))
    )
    op.create_index(op.f('ix_tracks_deleted_at'), 'tracks', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_tracks_event_id'), 'tracks', ['event_id'], unique=False)
    op.create_table('sessions',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=True),
    sa.Column('microlocation_id', sa.Integer(), nullable=True),
    sa.Column('session_type_id', sa.Integer(), nullable=True),
    sa.Column('creator_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('subtitle', sa.String(length=500), nullable=True),
    sa.Column('level', sa.String(length=64), nullable=True),
    sa.Column('short_abstract', sa.Text(), nullable=True),
    sa.Column('long_abstract', sa.Text(), nullable=True),
    sa.Column('comments', sa.Text(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('language', sa.String(length=64), nullable=True),
    sa.Column('slides_url', sa.Text(), nullable=True),
    sa.Column('slides', sa.JSON(), nullable=True),
    sa.Column('website', sa.Text(), nullable=True),
    sa.Column('twitter', sa.Text(), nullable=True),
    sa.Column('facebook', sa.Text(), nullable=True),
    sa.Column('github', sa.Text(), nullable=True),
    sa.Column('linkedin', sa.Text(), nullable=True),
    sa.Column('instagram', sa.Text(), nullable=True),
    sa.Column('gitlab', sa.Text(), nullable=True),
    sa.Column('mastodon', sa.Text(), nullable=True),
    sa.Column('video_url', sa.Text(), nullable=True),
    sa.Column('audio_url', sa.Text(), nullable=True),
    sa.Column('signup_url', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_modified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_mail_sent', sa.Boolean(), nullable=False),
    sa.Column('is_locked', sa.Boolean(), nullable=False),
    sa.Column('complex_field_values', sa.JSON(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['creator_id'], ['users.id'], name=op.f('fk_sessions_creator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_sessions_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['microlocation_id'], ['microlocations.id'], name=op.f('fk_sessions_microlocation_id_microlocations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_type_id'], ['session_types.id'], name=op.f('fk_sessions_session_type_id_session_types'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['track_id'], ['tracks.id'], name=op.f('fk_sessions_track_id_tracks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions'))
    )
    op.create_index(op.f('ix_sessions_creator_id'), 'sessions', ['creator_id'], unique=False)
    op.create_index(op.f('ix_sessions_deleted_at'), 'sessions', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_sessions_event_id'), 'sessions', ['event_id'], unique=False)
    op.create_index('ix_sessions_event_state', 'sessions', ['event_id', 'state'], unique=False)
    op.create_index(op.f('ix_sessions_last_modified_at'), 'sessions', ['last_modified_at'], unique=False)
    op.create_index(op.f('ix_sessions_microlocation_id'), 'sessions', ['microlocation_id'], unique=False)
    op.create_index(op.f('ix_sessions_session_type_id'), 'sessions', ['session_type_id'], unique=False)
    op.create_index(op.f('ix_sessions_starts_at'), 'sessions', ['starts_at'], unique=False)
    op.create_index(op.f('ix_sessions_track_id'), 'sessions', ['track_id'], unique=False)
    op.create_table('speakers_sessions',
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_speakers_sessions_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_speakers_sessions_speaker_id_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('speaker_id', 'session_id', name=op.f('pk_speakers_sessions'))
    )
    op.create_index('ix_speakers_sessions_session_speaker', 'speakers_sessions', ['session_id', 'speaker_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_speakers_sessions_session_speaker', table_name='speakers_sessions')
    op.drop_table('speakers_sessions')
    op.drop_index(op.f('ix_sessions_track_id'), table_name='sessions')
    op.drop_index(op.f('ix_sessions_starts_at'), table_name='sessions')
    op.drop_index(op.f('ix_sessions_session_type_id'), table_name='sessions')
    op.drop_index(op.f('ix_sessions_microlocation_id'), table_name='sessions')
    op.drop_index(op.f('ix_sessions_last_modified_at'), table_name='sessions')
    op.drop_index('ix_sessions_event_state', table_name='sessions')
    op.drop_index(op.f('ix_sessions_event_id'), table_name='sessions')
    op.drop_index(op.f('ix_sessions_deleted_at'), table_name='sessions')
    op.drop_index(op.f('ix_sessions_creator_id'), table_name='sessions')
    op.drop_table('sessions')
    op.drop_index(op.f('ix_tracks_event_id'), table_name='tracks')
    op.drop_index(op.f('ix_tracks_deleted_at'), table_name='tracks')
    op.drop_table('tracks')
    op.drop_index(op.f('ix_tickets_event_id'), table_name='tickets')
    op.drop_index(op.f('ix_tickets_deleted_at'), table_name='tickets')
    op.drop_table('tickets')
    op.drop_index('ix_tasks_state_heartbeat_at', table_name='tasks')
    op.drop_index(op.f('ix_tasks_owner_id'), table_name='tasks')
    op.drop_table('tasks')
    op.drop_index('uq_speakers_event_email_live', table_name='speakers', sqlite_where=sa.text('deleted_at IS NULL AND email IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NULL AND email IS NOT NULL'))
    op.drop_index(op.f('ix_speakers_user_id'), table_name='speakers')
    op.drop_index(op.f('ix_speakers_event_id'), table_name='speakers')
    op.drop_index(op.f('ix_speakers_deleted_at'), table_name='speakers')
    op.drop_table('speakers')
    op.drop_index(op.f('ix_session_types_event_id'), table_name='session_types')
    op.drop_index(op.f('ix_session_types_deleted_at'), table_name='session_types')
    op.drop_table('session_types')
    op.drop_index(op.f('ix_microlocations_event_id'), table_name='microlocations')
    op.drop_index(op.f('ix_microlocations_deleted_at'), table_name='microlocations')
    op.drop_table('microlocations')
