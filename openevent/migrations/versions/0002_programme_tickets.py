"""programme_tickets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:09:28.647593
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
    op.create_table('event_image_sizes',
    sa.Column('type', sa.String(length=32), nullable=True),
    sa.Column('full_width', sa.Integer(), nullable=True),
    sa.Column('full_height', sa.Integer(), nullable=True),
    sa.Column('full_aspect', sa.Boolean(), nullable=False),
    sa.Column('full_quality', sa.Integer(), nullable=True),
    sa.Column('icon_width', sa.Integer(), nullable=True),
    sa.Column('icon_height', sa.Integer(), nullable=True),
    sa.Column('icon_aspect', sa.Boolean(), nullable=False),
    sa.Column('icon_quality', sa.Integer(), nullable=True),
    sa.Column('thumbnail_width', sa.Integer(), nullable=True),
    sa.Column('thumbnail_height', sa.Integer(), nullable=True),
    sa.Column('thumbnail_aspect', sa.Boolean(), nullable=False),
    sa.Column('thumbnail_quality', sa.Integer(), nullable=True),
    sa.Column('logo_width', sa.Integer(), nullable=True),
    sa.Column('logo_height', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_image_sizes'))
    )
    op.create_table('event_locations',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('slug', sa.String(length=255), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_locations')),
    sa.UniqueConstraint('slug', name=op.f('uq_event_locations_slug'))
    )
    op.create_table('event_topics',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('slug', sa.String(length=255), nullable=False),
    sa.Column('system_image_url', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_topics')),
    sa.UniqueConstraint('slug', name=op.f('uq_event_topics_slug'))
    )
    op.create_table('event_types',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('slug', sa.String(length=255), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_types')),
    sa.UniqueConstraint('slug', name=op.f('uq_event_types_slug'))
    )
    op.create_table('mails',
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('queued', 'sent', 'failed')", name=op.f('ck_mails_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mails'))
    )
    op.create_index(op.f('ix_mails_kind'), 'mails', ['kind'], unique=False)
    op.create_index(op.f('ix_mails_recipient'), 'mails', ['recipient'], unique=False)
    op.create_index(op.f('ix_mails_status'), 'mails', ['status'], unique=False)
    op.create_table('speaker_image_sizes',
    sa.Column('type', sa.String(length=32), nullable=True),
    sa.Column('small_size_width_height', sa.Integer(), nullable=True),
    sa.Column('small_size_quality', sa.Integer(), nullable=True),
    sa.Column('thumbnail_size_width_height', sa.Integer(), nullable=True),
    sa.Column('thumbnail_size_quality', sa.Integer(), nullable=True),
    sa.Column('icon_size_width_height', sa.Integer(), nullable=True),
    sa.Column('icon_size_quality', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_image_sizes'))
    )
    op.create_table('access_codes',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=255), nullable=False),
    sa.Column('access_url', sa.Text(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('tickets_number', sa.Integer(), nullable=True),
    sa.Column('min_quantity', sa.Integer(), nullable=True),
    sa.Column('max_quantity', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_till', sa.DateTime(timezone=True), nullable=True),
    sa.Column('marketer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_access_codes_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['marketer_id'], ['users.id'], name=op.f('fk_access_codes_marketer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_codes'))
    )
    op.create_index(op.f('ix_access_codes_deleted_at'), 'access_codes', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_access_codes_event_id'), 'access_codes', ['event_id'], unique=False)
    op.create_index('uq_access_codes_event_code_live', 'access_codes', ['event_id', 'code'], unique=True, postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('check_in_devices',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('token_prefix', sa.String(length=12), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_check_in_devices_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_check_in_devices_issued_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_in_devices')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_check_in_devices_token_hash'))
    )
    op.create_index(op.f('ix_check_in_devices_event_id'), 'check_in_devices', ['event_id'], unique=False)
    op.create_index(op.f('ix_check_in_devices_issued_by_id'), 'check_in_devices', ['issued_by_id'], unique=False)
    op.create_table('discount_codes',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=255), nullable=False),
    sa.Column('discount_url', sa.Text(), nullable=True),
    sa.Column('value', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('tickets_number', sa.Integer(), nullable=True),
    sa.Column('min_quantity', sa.Integer(), nullable=True),
    sa.Column('max_quantity', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_till', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_for', sa.String(length=16), nullable=False),
    sa.Column('marketer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_discount_codes_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['marketer_id'], ['users.id'], name=op.f('fk_discount_codes_marketer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discount_codes'))
    )
    op.create_index(op.f('ix_discount_codes_deleted_at'), 'discount_codes', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_discount_codes_event_id'), 'discount_codes', ['event_id'], unique=False)
    op.create_index('uq_discount_codes_event_code_live', 'discount_codes', ['event_id', 'code'], unique=True, postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('event_copyrights',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('holder', sa.String(length=255), nullable=False),
    sa.Column('holder_url', sa.Text(), nullable=True),
    sa.Column('licence', sa.String(length=255), nullable=True),
    sa.Column('licence_url', sa.Text(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('logo_url', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_copyrights_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_copyrights'))
    )
    op.create_index(op.f('ix_event_copyrights_deleted_at'), 'event_copyrights', ['deleted_at'], unique=False)
    op.create_index('uq_event_copyrights_event_live', 'event_copyrights', ['event_id'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_table('event_sub_topics',
    sa.Column('event_topic_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('slug', sa.String(length=255), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_topic_id'], ['event_topics.id'], name=op.f('fk_event_sub_topics_event_topic_id_event_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_sub_topics')),
    sa.UniqueConstraint('event_topic_id', 'slug', name='uq_event_sub_topics_topic_slug')
    )
    op.create_index(op.f('ix_event_sub_topics_event_topic_id'), 'event_sub_topics', ['event_topic_id'], unique=False)
    op.create_table('exhibitors',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('logo_url', sa.Text(), nullable=True),
    sa.Column('banner_url', sa.Text(), nullable=True),
    sa.Column('thumbnail_image_url', sa.Text(), nullable=True),
    sa.Column('video_url', sa.Text(), nullable=True),
    sa.Column('slides_url', sa.Text(), nullable=True),
    sa.Column('contact_email', sa.String(length=255), nullable=True),
    sa.Column('contact_link', sa.Text(), nullable=True),
    sa.Column('enable_video_room', sa.Boolean(), nullable=False),
    sa.Column('social_links', sa.JSON(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_exhibitors_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exhibitors'))
    )
    op.create_index(op.f('ix_exhibitors_deleted_at'), 'exhibitors', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_exhibitors_event_id'), 'exhibitors', ['event_id'], unique=False)
    op.create_table('export_feeds',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('generated_for', sa.DateTime(timezone=True), nullable=True),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refresh_requested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ical_key', sa.String(length=512), nullable=True),
    sa.Column('xcal_key', sa.String(length=512), nullable=True),
    sa.Column('pentabarf_key', sa.String(length=512), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_export_feeds_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_export_feeds'))
    )
    op.create_table('faq_types',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_faq_types_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_types'))
    )
    op.create_index(op.f('ix_faq_types_deleted_at'), 'faq_types', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_faq_types_event_id'), 'faq_types', ['event_id'], unique=False)
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
    op.create_table('role_invites',
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('inviter_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_role_invites_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inviter_id'], ['users.id'], name=op.f('fk_role_invites_inviter_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_role_invites_role_id_roles'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_invites')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_role_invites_token_hash'))
    )
    op.create_index(op.f('ix_role_invites_event_id'), 'role_invites', ['event_id'], unique=False)
    op.create_index('uq_role_invites_event_email_pending', 'role_invites', ['event_id', 'email'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
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
    op.create_table('social_links',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('link', sa.Text(), nullable=False),
    sa.Column('identifier', sa.String(length=255), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_social_links_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_social_links'))
    )
    op.create_index(op.f('ix_social_links_deleted_at'), 'social_links', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_social_links_event_id'), 'social_links', ['event_id'], unique=False)
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
    op.create_table('speakers_calls',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('announcement', sa.Text(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('soft_ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('hash', sa.String(length=255), nullable=True),
    sa.Column('privacy', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_speakers_calls_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers_calls'))
    )
    op.create_index(op.f('ix_speakers_calls_deleted_at'), 'speakers_calls', ['deleted_at'], unique=False)
    op.create_index('uq_speakers_calls_event_live', 'speakers_calls', ['event_id'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_table('sponsors',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('logo_url', sa.Text(), nullable=True),
    sa.Column('type', sa.String(length=255), nullable=True),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_sponsors_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sponsors'))
    )
    op.create_index(op.f('ix_sponsors_deleted_at'), 'sponsors', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_sponsors_event_id'), 'sponsors', ['event_id'], unique=False)
    op.create_table('stripe_authorizations',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('stripe_secret_key_encrypted', sa.Text(), nullable=False),
    sa.Column('stripe_refresh_token_encrypted', sa.Text(), nullable=True),
    sa.Column('stripe_publishable_key', sa.String(length=255), nullable=False),
    sa.Column('stripe_user_id', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_stripe_authorizations_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stripe_authorizations')),
    sa.UniqueConstraint('event_id', name=op.f('uq_stripe_authorizations_event_id'))
    )
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
    op.create_table('taxes',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('rate', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('tax_id', sa.String(length=255), nullable=True),
    sa.Column('is_tax_included_in_price', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_taxes_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxes')),
    sa.UniqueConstraint('event_id', name=op.f('uq_taxes_event_id'))
    )
    op.create_table('ticket_tags',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_ticket_tags_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_tags'))
    )
    op.create_index(op.f('ix_ticket_tags_deleted_at'), 'ticket_tags', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_ticket_tags_event_id'), 'ticket_tags', ['event_id'], unique=False)
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
    op.create_table('user_favourite_events',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_user_favourite_events_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_favourite_events_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_favourite_events')),
    sa.UniqueConstraint('user_id', 'event_id', name='uq_user_favourite_events_user_event')
    )
    op.create_index(op.f('ix_user_favourite_events_event_id'), 'user_favourite_events', ['event_id'], unique=False)
    op.create_table('user_tokens',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_tokens_token_hash'))
    )
    op.create_index(op.f('ix_user_tokens_user_id'), 'user_tokens', ['user_id'], unique=False)
    op.create_table('access_codes_tickets',
    sa.Column('access_code_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['access_code_id'], ['access_codes.id'], name=op.f('fk_access_codes_tickets_access_code_id_access_codes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_access_codes_tickets_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('access_code_id', 'ticket_id', name=op.f('pk_access_codes_tickets'))
    )
    op.create_index(op.f('ix_access_codes_tickets_ticket_id'), 'access_codes_tickets', ['ticket_id'], unique=False)
    op.create_table('discount_codes_tickets',
    sa.Column('discount_code_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['discount_code_id'], ['discount_codes.id'], name=op.f('fk_discount_codes_tickets_discount_code_id_discount_codes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_discount_codes_tickets_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('discount_code_id', 'ticket_id', name=op.f('pk_discount_codes_tickets'))
    )
    op.create_index(op.f('ix_discount_codes_tickets_ticket_id'), 'discount_codes_tickets', ['ticket_id'], unique=False)
    op.create_table('event_taxonomy',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('event_type_id', sa.Integer(), nullable=True),
    sa.Column('event_topic_id', sa.Integer(), nullable=True),
    sa.Column('event_sub_topic_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_taxonomy_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_sub_topic_id'], ['event_sub_topics.id'], name=op.f('fk_event_taxonomy_event_sub_topic_id_event_sub_topics'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_topic_id'], ['event_topics.id'], name=op.f('fk_event_taxonomy_event_topic_id_event_topics'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_type_id'], ['event_types.id'], name=op.f('fk_event_taxonomy_event_type_id_event_types'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_taxonomy'))
    )
    op.create_index(op.f('ix_event_taxonomy_event_sub_topic_id'), 'event_taxonomy', ['event_sub_topic_id'], unique=False)
    op.create_index(op.f('ix_event_taxonomy_event_topic_id'), 'event_taxonomy', ['event_topic_id'], unique=False)
    op.create_index(op.f('ix_event_taxonomy_event_type_id'), 'event_taxonomy', ['event_type_id'], unique=False)
    op.create_table('faqs',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('faq_type_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_faqs_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['faq_type_id'], ['faq_types.id'], name=op.f('fk_faqs_faq_type_id_faq_types'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faqs'))
    )
    op.create_index(op.f('ix_faqs_deleted_at'), 'faqs', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_faqs_event_id'), 'faqs', ['event_id'], unique=False)
    op.create_index(op.f('ix_faqs_faq_type_id'), 'faqs', ['faq_type_id'], unique=False)
    op.create_table('orders',
    sa.Column('identifier', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('marketer_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('discount_amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('tax_amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('discount_code_id', sa.Integer(), nullable=True),
    sa.Column('access_code_id', sa.Integer(), nullable=True),
    sa.Column('payment_mode', sa.String(length=32), nullable=True),
    sa.Column('paid_via', sa.String(length=32), nullable=True),
    sa.Column('transaction_id', sa.String(length=255), nullable=True),
    sa.Column('brand', sa.String(length=64), nullable=True),
    sa.Column('exp_month', sa.String(length=8), nullable=True),
    sa.Column('exp_year', sa.String(length=8), nullable=True),
    sa.Column('last4', sa.String(length=8), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_note', sa.Text(), nullable=True),
    sa.Column('order_notes', sa.Text(), nullable=True),
    sa.Column('is_billing_enabled', sa.Boolean(), nullable=False),
    sa.Column('company', sa.String(length=255), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('city', sa.String(length=255), nullable=True),
    sa.Column('state', sa.String(length=255), nullable=True),
    sa.Column('country', sa.String(length=255), nullable=True),
    sa.Column('zipcode', sa.String(length=64), nullable=True),
    sa.Column('tax_business_info', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['access_code_id'], ['access_codes.id'], name=op.f('fk_orders_access_code_id_access_codes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['discount_code_id'], ['discount_codes.id'], name=op.f('fk_orders_discount_code_id_discount_codes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_orders_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['marketer_id'], ['users.id'], name=op.f('fk_orders_marketer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_orders_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('identifier', name=op.f('uq_orders_identifier'))
    )
    op.create_index(op.f('ix_orders_access_code_id'), 'orders', ['access_code_id'], unique=False)
    op.create_index(op.f('ix_orders_discount_code_id'), 'orders', ['discount_code_id'], unique=False)
    op.create_index(op.f('ix_orders_event_id'), 'orders', ['event_id'], unique=False)
    op.create_index('ix_orders_event_status', 'orders', ['event_id', 'status'], unique=False)
    op.create_index('ix_orders_status_expires_at', 'orders', ['status', 'expires_at'], unique=False)
    op.create_index(op.f('ix_orders_user_id'), 'orders', ['user_id'], unique=False)
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
    op.create_table('stations',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('microlocation_id', sa.Integer(), nullable=True),
    sa.Column('station_name', sa.String(length=255), nullable=False),
    sa.Column('station_type', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_stations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['microlocation_id'], ['microlocations.id'], name=op.f('fk_stations_microlocation_id_microlocations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stations'))
    )
    op.create_index(op.f('ix_stations_event_id'), 'stations', ['event_id'], unique=False)
    op.create_index(op.f('ix_stations_microlocation_id'), 'stations', ['microlocation_id'], unique=False)
    op.create_table('ticket_tagging',
    sa.Column('ticket_tag_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_tagging_ticket_id_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_tag_id'], ['ticket_tags.id'], name=op.f('fk_ticket_tagging_ticket_tag_id_ticket_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ticket_tag_id', 'ticket_id', name=op.f('pk_ticket_tagging'))
    )
    op.create_index(op.f('ix_ticket_tagging_ticket_id'), 'ticket_tagging', ['ticket_id'], unique=False)
    op.create_table('attendees',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('identifier', sa.String(length=64), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('modified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('firstname', sa.String(length=255), nullable=True),
    sa.Column('lastname', sa.String(length=255), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('city', sa.String(length=255), nullable=True),
    sa.Column('state', sa.String(length=255), nullable=True),
    sa.Column('country', sa.String(length=255), nullable=True),
    sa.Column('job_title', sa.String(length=255), nullable=True),
    sa.Column('phone', sa.String(length=64), nullable=True),
    sa.Column('tax_business_info', sa.Text(), nullable=True),
    sa.Column('billing_address', sa.Text(), nullable=True),
    sa.Column('home_address', sa.Text(), nullable=True),
    sa.Column('shipping_address', sa.Text(), nullable=True),
    sa.Column('company', sa.String(length=255), nullable=True),
    sa.Column('work_address', sa.Text(), nullable=True),
    sa.Column('work_phone', sa.String(length=64), nullable=True),
    sa.Column('website', sa.Text(), nullable=True),
    sa.Column('blog', sa.Text(), nullable=True),
    sa.Column('twitter', sa.Text(), nullable=True),
    sa.Column('facebook', sa.Text(), nullable=True),
    sa.Column('github', sa.Text(), nullable=True),
    sa.Column('instagram', sa.Text(), nullable=True),
    sa.Column('linkedin', sa.Text(), nullable=True),
    sa.Column('gender', sa.String(length=64), nullable=True),
    sa.Column('accept_video_recording', sa.Boolean(), nullable=True),
    sa.Column('accept_share_details', sa.Boolean(), nullable=True),
    sa.Column('accept_receive_emails', sa.Boolean(), nullable=True),
    sa.Column('age_group', sa.String(length=64), nullable=True),
    sa.Column('home_wiki', sa.Text(), nullable=True),
    sa.Column('wiki_scholarship', sa.Text(), nullable=True),
    sa.Column('birth_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attendee_notes', sa.Text(), nullable=True),
    sa.Column('complex_field_values', sa.JSON(), nullable=True),
    sa.Column('is_consent_form_field', sa.Boolean(), nullable=True),
    sa.Column('is_consent_of_refund_policy', sa.Boolean(), nullable=False),
    sa.Column('native_language', sa.Text(), nullable=True),
    sa.Column('fluent_language', sa.Text(), nullable=True),
    sa.Column('is_consent_form_field_photo', sa.Boolean(), nullable=True),
    sa.Column('is_consent_form_field_email', sa.Boolean(), nullable=True),
    sa.Column('is_discount_applied', sa.Boolean(), nullable=False),
    sa.Column('is_access_code_applied', sa.Boolean(), nullable=False),
    sa.Column('is_checked_in', sa.Boolean(), nullable=False),
    sa.Column('checkin_times', sa.Text(), nullable=True),
    sa.Column('is_checked_out', sa.Boolean(), nullable=False),
    sa.Column('checkout_times', sa.Text(), nullable=True),
    sa.Column('device_name_checkin', sa.Text(), nullable=True),
    sa.Column('is_registered', sa.Boolean(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('register_times', sa.Text(), nullable=True),
    sa.Column('is_badge_printed', sa.Boolean(), nullable=False),
    sa.Column('badge_printed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_attendees_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_attendees_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_attendees_ticket_id_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendees_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendees')),
    sa.UniqueConstraint('identifier', name=op.f('uq_attendees_identifier')),
    sa.UniqueConstraint('secret', name=op.f('uq_attendees_secret'))
    )
    op.create_index(op.f('ix_attendees_deleted_at'), 'attendees', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_attendees_email'), 'attendees', ['email'], unique=False)
    op.create_index(op.f('ix_attendees_event_id'), 'attendees', ['event_id'], unique=False)
    op.create_index(op.f('ix_attendees_order_id'), 'attendees', ['order_id'], unique=False)
    op.create_index('ix_attendees_ticket_order', 'attendees', ['ticket_id', 'order_id'], unique=False)
    op.create_index(op.f('ix_attendees_user_id'), 'attendees', ['user_id'], unique=False)
    op.create_table('exhibitors_sessions',
    sa.Column('exhibitor_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['exhibitor_id'], ['exhibitors.id'], name=op.f('fk_exhibitors_sessions_exhibitor_id_exhibitors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_exhibitors_sessions_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('exhibitor_id', 'session_id', name=op.f('pk_exhibitors_sessions'))
    )
    op.create_index(op.f('ix_exhibitors_sessions_session_id'), 'exhibitors_sessions', ['session_id'], unique=False)
    op.create_table('feedbacks',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Numeric(precision=3, scale=2), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_feedbacks_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_feedbacks_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_feedbacks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedbacks')),
    sa.UniqueConstraint('user_id', 'session_id', name='uq_feedbacks_user_session')
    )
    op.create_index(op.f('ix_feedbacks_event_id'), 'feedbacks', ['event_id'], unique=False)
    op.create_index('ix_feedbacks_session_rating', 'feedbacks', ['session_id', 'rating'], unique=False)
    op.create_table('order_tickets',
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('discounted_quantity', sa.Integer(), nullable=False),
    sa.Column('unit_discount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_tickets_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_order_tickets_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('order_id', 'ticket_id', name=op.f('pk_order_tickets'))
    )
    op.create_index(op.f('ix_order_tickets_ticket_id'), 'order_tickets', ['ticket_id'], unique=False)
    op.create_table('speakers_sessions',
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_speakers_sessions_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_speakers_sessions_speaker_id_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('speaker_id', 'session_id', name=op.f('pk_speakers_sessions'))
    )
    op.create_index('ix_speakers_sessions_session_speaker', 'speakers_sessions', ['session_id', 'speaker_id'], unique=False)
    op.create_table('user_favourite_sessions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_user_favourite_sessions_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_favourite_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_favourite_sessions')),
    sa.UniqueConstraint('user_id', 'session_id', name='uq_user_favourite_sessions_user_session')
    )
    op.create_index(op.f('ix_user_favourite_sessions_session_id'), 'user_favourite_sessions', ['session_id'], unique=False)
    op.create_table('check_ins',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('is_registration', sa.Boolean(), nullable=False),
    sa.Column('scanned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_name', sa.String(length=255), nullable=True),
    sa.Column('nonce', sa.String(length=64), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('forced', sa.Boolean(), nullable=False),
    sa.Column('successful', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('raw_secret', sa.String(length=255), nullable=True),
    sa.Column('session_name', sa.String(length=255), nullable=True),
    sa.Column('track_name', sa.String(length=255), nullable=True),
    sa.Column('speaker_name', sa.String(length=1000), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_check_ins_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['device_id'], ['check_in_devices.id'], name=op.f('fk_check_ins_device_id_check_in_devices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_check_ins_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_check_ins_session_id_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_check_ins_station_id_stations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_check_ins_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins')),
    sa.UniqueConstraint('event_id', 'nonce', name='uq_check_ins_event_nonce')
    )
    op.create_index('ix_check_ins_attendee_scanned', 'check_ins', ['attendee_id', 'scanned_at'], unique=False)
    op.create_index(op.f('ix_check_ins_device_id'), 'check_ins', ['device_id'], unique=False)
    op.create_index(op.f('ix_check_ins_event_id'), 'check_ins', ['event_id'], unique=False)
    op.create_index(op.f('ix_check_ins_session_id'), 'check_ins', ['session_id'], unique=False)
    op.create_index(op.f('ix_check_ins_station_id'), 'check_ins', ['station_id'], unique=False)
    op.create_index(op.f('ix_check_ins_user_id'), 'check_ins', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_check_ins_user_id'), table_name='check_ins')
    op.drop_index(op.f('ix_check_ins_station_id'), table_name='check_ins')
    op.drop_index(op.f('ix_check_ins_session_id'), table_name='check_ins')
    op.drop_index(op.f('ix_check_ins_event_id'), table_name='check_ins')
    op.drop_index(op.f('ix_check_ins_device_id'), table_name='check_ins')
    op.drop_index('ix_check_ins_attendee_scanned', table_name='check_ins')
    op.drop_table('check_ins')
    op.drop_index(op.f('ix_user_favourite_sessions_session_id'), table_name='user_favourite_sessions')
    op.drop_table('user_favourite_sessions')
    op.drop_index('ix_speakers_sessions_session_speaker', table_name='speakers_sessions')
    op.drop_table('speakers_sessions')
    op.drop_index(op.f('ix_order_tickets_ticket_id'), table_name='order_tickets')
    op.drop_table('order_tickets')
    op.drop_index('ix_feedbacks_session_rating', table_name='feedbacks')
    op.drop_index(op.f('ix_feedbacks_event_id'), table_name='feedbacks')
    op.drop_table('feedbacks')
    op.drop_index(op.f('ix_exhibitors_sessions_session_id'), table_name='exhibitors_sessions')
    op.drop_table('exhibitors_sessions')
    op.drop_index(op.f('ix_attendees_user_id'), table_name='attendees')
    op.drop_index('ix_attendees_ticket_order', table_name='attendees')
    op.drop_index(op.f('ix_attendees_order_id'), table_name='attendees')
    op.drop_index(op.f('ix_attendees_event_id'), table_name='attendees')
    op.drop_index(op.f('ix_attendees_email'), table_name='attendees')
    op.drop_index(op.f('ix_attendees_deleted_at'), table_name='attendees')
    op.drop_table('attendees')
    op.drop_index(op.f('ix_ticket_tagging_ticket_id'), table_name='ticket_tagging')
    op.drop_table('ticket_tagging')
    op.drop_index(op.f('ix_stations_microlocation_id'), table_name='stations')
    op.drop_index(op.f('ix_stations_event_id'), table_name='stations')
    op.drop_table('stations')
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
    op.drop_index(op.f('ix_orders_user_id'), table_name='orders')
    op.drop_index('ix_orders_status_expires_at', table_name='orders')
    op.drop_index('ix_orders_event_status', table_name='orders')
    op.drop_index(op.f('ix_orders_event_id'), table_name='orders')
    op.drop_index(op.f('ix_orders_discount_code_id'), table_name='orders')
    op.drop_index(op.f('ix_orders_access_code_id'), table_name='orders')
    op.drop_table('orders')
    op.drop_index(op.f('ix_faqs_faq_type_id'), table_name='faqs')
    op.drop_index(op.f('ix_faqs_event_id'), table_name='faqs')
    op.drop_index(op.f('ix_faqs_deleted_at'), table_name='faqs')
    op.drop_table('faqs')
    op.drop_index(op.f('ix_event_taxonomy_event_type_id'), table_name='event_taxonomy')
    op.drop_index(op.f('ix_event_taxonomy_event_topic_id'), table_name='event_taxonomy')
    op.drop_index(op.f('ix_event_taxonomy_event_sub_topic_id'), table_name='event_taxonomy')
    op.drop_table('event_taxonomy')
    op.drop_index(op.f('ix_discount_codes_tickets_ticket_id'), table_name='discount_codes_tickets')
    op.drop_table('discount_codes_tickets')
    op.drop_index(op.f('ix_access_codes_tickets_ticket_id'), table_name='access_codes_tickets')
    op.drop_table('access_codes_tickets')
    op.drop_index(op.f('ix_user_tokens_user_id'), table_name='user_tokens')
    op.drop_table('user_tokens')
    op.drop_index(op.f('ix_user_favourite_events_event_id'), table_name='user_favourite_events')
    op.drop_table('user_favourite_events')
    op.drop_index(op.f('ix_tracks_event_id'), table_name='tracks')
    op.drop_index(op.f('ix_tracks_deleted_at'), table_name='tracks')
    op.drop_table('tracks')
    op.drop_index(op.f('ix_tickets_event_id'), table_name='tickets')
    op.drop_index(op.f('ix_tickets_deleted_at'), table_name='tickets')
    op.drop_table('tickets')
    op.drop_index(op.f('ix_ticket_tags_event_id'), table_name='ticket_tags')
    op.drop_index(op.f('ix_ticket_tags_deleted_at'), table_name='ticket_tags')
    op.drop_table('ticket_tags')
    op.drop_table('taxes')
    op.drop_index('ix_tasks_state_heartbeat_at', table_name='tasks')
    op.drop_index(op.f('ix_tasks_owner_id'), table_name='tasks')
    op.drop_table('tasks')
    op.drop_table('stripe_authorizations')
    op.drop_index(op.f('ix_sponsors_event_id'), table_name='sponsors')
    op.drop_index(op.f('ix_sponsors_deleted_at'), table_name='sponsors')
    op.drop_table('sponsors')
    op.drop_index('uq_speakers_calls_event_live', table_name='speakers_calls', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_speakers_calls_deleted_at'), table_name='speakers_calls')
    op.drop_table('speakers_calls')
    op.drop_index('uq_speakers_event_email_live', table_name='speakers', sqlite_where=sa.text('deleted_at IS NULL AND email IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NULL AND email IS NOT NULL'))
    op.drop_index(op.f('ix_speakers_user_id'), table_name='speakers')
    op.drop_index(op.f('ix_speakers_event_id'), table_name='speakers')
    op.drop_index(op.f('ix_speakers_deleted_at'), table_name='speakers')
    op.drop_table('speakers')
    op.drop_index(op.f('ix_social_links_event_id'), table_name='social_links')
    op.drop_index(op.f('ix_social_links_deleted_at'), table_name='social_links')
    op.drop_table('social_links')
    op.drop_index(op.f('ix_session_types_event_id'), table_name='session_types')
    op.drop_index(op.f('ix_session_types_deleted_at'), table_name='session_types')
    op.drop_table('session_types')
    op.drop_index('uq_role_invites_event_email_pending', table_name='role_invites', sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
    op.drop_index(op.f('ix_role_invites_event_id'), table_name='role_invites')
    op.drop_table('role_invites')
    op.drop_index(op.f('ix_microlocations_event_id'), table_name='microlocations')
    op.drop_index(op.f('ix_microlocations_deleted_at'), table_name='microlocations')
    op.drop_table('microlocations')
    op.drop_index(op.f('ix_faq_types_event_id'), table_name='faq_types')
    op.drop_index(op.f('ix_faq_types_deleted_at'), table_name='faq_types')
    op.drop_table('faq_types')
    op.drop_table('export_feeds')
    op.drop_index(op.f('ix_exhibitors_event_id'), table_name='exhibitors')
    op.drop_index(op.f('ix_exhibitors_deleted_at'), table_name='exhibitors')
    op.drop_table('exhibitors')
    op.drop_index(op.f('ix_event_sub_topics_event_topic_id'), table_name='event_sub_topics')
    op.drop_table('event_sub_topics')
    op.drop_index('uq_event_copyrights_event_live', table_name='event_copyrights', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_event_copyrights_deleted_at'), table_name='event_copyrights')
    op.drop_table('event_copyrights')
    op.drop_index('uq_discount_codes_event_code_live', table_name='discount_codes', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_discount_codes_event_id'), table_name='discount_codes')
    op.drop_index(op.f('ix_discount_codes_deleted_at'), table_name='discount_codes')
    op.drop_table('discount_codes')
    op.drop_index(op.f('ix_check_in_devices_issued_by_id'), table_name='check_in_devices')
    op.drop_index(op.f('ix_check_in_devices_event_id'), table_name='check_in_devices')
    op.drop_table('check_in_devices')
    op.drop_index('uq_access_codes_event_code_live', table_name='access_codes', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_access_codes_event_id'), table_name='access_codes')
    op.drop_index(op.f('ix_access_codes_deleted_at'), table_name='access_codes')
    op.drop_table('access_codes')
    op.drop_table('speaker_image_sizes')
    op.drop_index(op.f('ix_mails_status'), table_name='mails')
    op.drop_index(op.f('ix_mails_recipient'), table_name='mails')
    op.drop_index(op.f('ix_mails_kind'), table_name='mails')
    op.drop_table('mails')
    op.drop_table('event_types')
    op.drop_table('event_topics')
    op.drop_table('event_locations')
    op.drop_table('event_image_sizes')
