"""accounts_events

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 15:52:39.978287
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('events',
    sa.Column('identifier', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('external_event_url', sa.Text(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('logo_url', sa.Text(), nullable=True),
    sa.Column('location_name', sa.Text(), nullable=True),
    sa.Column('searchable_location_name', sa.Text(), nullable=True),
    sa.Column('public_stream_link', sa.Text(), nullable=True),
    sa.Column('stream_loop', sa.Boolean(), nullable=False),
    sa.Column('stream_autoplay', sa.Boolean(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('after_order_message', sa.Text(), nullable=True),
    sa.Column('original_image_url', sa.Text(), nullable=True),
    sa.Column('thumbnail_image_url', sa.Text(), nullable=True),
    sa.Column('large_image_url', sa.Text(), nullable=True),
    sa.Column('icon_image_url', sa.Text(), nullable=True),
    sa.Column('show_remaining_tickets', sa.Boolean(), nullable=False),
    sa.Column('owner_name', sa.String(length=255), nullable=True),
    sa.Column('is_map_shown', sa.Boolean(), nullable=False),
    sa.Column('is_oneclick_signup_enabled', sa.Boolean(), nullable=False),
    sa.Column('has_owner_info', sa.Boolean(), nullable=False),
    sa.Column('owner_description', sa.Text(), nullable=True),
    sa.Column('is_sessions_speakers_enabled', sa.Boolean(), nullable=False),
    sa.Column('privacy', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('ticket_url', sa.Text(), nullable=True),
    sa.Column('code_of_conduct', sa.Text(), nullable=True),
    sa.Column('schedule_published_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('is_featured', sa.Boolean(), nullable=False),
    sa.Column('is_promoted', sa.Boolean(), nullable=False),
    sa.Column('is_demoted', sa.Boolean(), nullable=False),
    sa.Column('is_announced', sa.Boolean(), nullable=False),
    sa.Column('is_ticket_form_enabled', sa.Boolean(), nullable=False),
    sa.Column('is_cfs_enabled', sa.Boolean(), nullable=False),
    sa.Column('payment_country', sa.String(length=64), nullable=True),
    sa.Column('payment_currency', sa.String(length=16), nullable=True),
    sa.Column('paypal_email', sa.String(length=320), nullable=True),
    sa.Column('is_tax_enabled', sa.Boolean(), nullable=False),
    sa.Column('is_billing_info_mandatory', sa.Boolean(), nullable=False),
    sa.Column('is_donation_enabled', sa.Boolean(), nullable=False),
    sa.Column('is_chat_enabled', sa.Boolean(), nullable=False),
    sa.Column('is_videoroom_enabled', sa.Boolean(), nullable=False),
    sa.Column('is_document_enabled', sa.Boolean(), nullable=False),
    sa.Column('document_links', sa.JSON(), nullable=True),
    sa.Column('chat_room_name', sa.String(length=255), nullable=True),
    sa.Column('can_pay_by_paypal', sa.Boolean(), nullable=False),
    sa.Column('can_pay_by_stripe', sa.Boolean(), nullable=False),
    sa.Column('can_pay_by_cheque', sa.Boolean(), nullable=False),
    sa.Column('can_pay_by_bank', sa.Boolean(), nullable=False),
    sa.Column('can_pay_by_invoice', sa.Boolean(), nullable=False),
    sa.Column('can_pay_onsite', sa.Boolean(), nullable=False),
    sa.Column('can_pay_by_omise', sa.Boolean(), nullable=False),
    sa.Column('can_pay_by_alipay', sa.Boolean(), nullable=False),
    sa.Column('can_pay_by_paytm', sa.Boolean(), nullable=False),
    sa.Column('cheque_details', sa.Text(), nullable=True),
    sa.Column('invoice_details', sa.Text(), nullable=True),
    sa.Column('bank_details', sa.Text(), nullable=True),
    sa.Column('onsite_details', sa.Text(), nullable=True),
    sa.Column('is_sponsors_enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pentabarf_url', sa.Text(), nullable=True),
    sa.Column('ical_url', sa.Text(), nullable=True),
    sa.Column('xcal_url', sa.Text(), nullable=True),
    sa.Column('refund_policy', sa.Text(), nullable=True),
    sa.Column('is_stripe_linked', sa.Boolean(), nullable=False),
    sa.Column('is_badges_enabled', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('identifier', name=op.f('uq_events_identifier'))
    )
    op.create_index(op.f('ix_events_deleted_at'), 'events', ['deleted_at'], unique=False)
    op.create_index(op.f('ix_events_state'), 'events', ['state'], unique=False)
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    op.create_index(op.f('ix_login_attempts_attempted_at'), 'login_attempts', ['attempted_at'], unique=False)
    op.create_index(op.f('ix_login_attempts_key'), 'login_attempts', ['key'], unique=False)
    op.create_table('pages',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('place', sa.String(length=16), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('index', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pages'))
    )
    op.create_table('revoked_tokens',
    sa.Column('jti', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('jti', name=op.f('pk_revoked_tokens'))
    )
    op.create_index(op.f('ix_revoked_tokens_expires_at'), 'revoked_tokens', ['expires_at'], unique=False)
    op.create_table('roles',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('title_name', sa.String(length=255), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('name', name=op.f('uq_roles_name'))
    )
    op.create_table('settings',
    sa.Column('app_name', sa.String(length=255), nullable=True),
    sa.Column('tagline', sa.String(length=255), nullable=True),
    sa.Column('order_expiry_time', sa.Integer(), nullable=False),
    sa.Column('start_pg_event_id', sa.String(length=64), nullable=True),
    sa.Column('start_pg_enabled', sa.String(length=32), nullable=True),
    sa.Column('max_complex_custom_fields', sa.Integer(), nullable=False),
    sa.Column('analytics_key', sa.String(length=255), nullable=True),
    sa.Column('fb_client_id', sa.String(length=255), nullable=True),
    sa.Column('google_url', sa.Text(), nullable=True),
    sa.Column('github_url', sa.Text(), nullable=True),
    sa.Column('twitter_url', sa.Text(), nullable=True),
    sa.Column('support_url', sa.Text(), nullable=True),
    sa.Column('facebook_url', sa.Text(), nullable=True),
    sa.Column('instagram_url', sa.Text(), nullable=True),
    sa.Column('patreon_url', sa.Text(), nullable=True),
    sa.Column('gitter_url', sa.Text(), nullable=True),
    sa.Column('telegram_url', sa.Text(), nullable=True),
    sa.Column('youtube_url', sa.Text(), nullable=True),
    sa.Column('weblate_url', sa.Text(), nullable=True),
    sa.Column('frontend_url', sa.Text(), nullable=True),
    sa.Column('rocket_chat_url', sa.Text(), nullable=True),
    sa.Column('cookie_policy', sa.Text(), nullable=True),
    sa.Column('cookie_policy_link', sa.Text(), nullable=True),
    sa.Column('is_paytm_activated', sa.Boolean(), nullable=False),
    sa.Column('stripe_client_id', sa.Text(), nullable=True),
    sa.Column('stripe_publishable_key', sa.Text(), nullable=True),
    sa.Column('stripe_test_client_id', sa.Text(), nullable=True),
    sa.Column('stripe_test_publishable_key', sa.Text(), nullable=True),
    sa.Column('stripe_mode', sa.String(length=16), nullable=True),
    sa.Column('paypal_mode', sa.String(length=16), nullable=True),
    sa.Column('paypal_client', sa.Text(), nullable=True),
    sa.Column('paypal_sandbox_client', sa.Text(), nullable=True),
    sa.Column('omise_mode', sa.String(length=16), nullable=True),
    sa.Column('omise_test_public', sa.Text(), nullable=True),
    sa.Column('omise_live_public', sa.Text(), nullable=True),
    sa.Column('alipay_publishable_key', sa.Text(), nullable=True),
    sa.Column('paytm_mode', sa.String(length=16), nullable=True),
    sa.Column('paytm_live_merchant', sa.Text(), nullable=True),
    sa.Column('paytm_sandbox_merchant', sa.Text(), nullable=True),
    sa.Column('admin_billing_contact_name', sa.String(length=255), nullable=True),
    sa.Column('admin_billing_phone', sa.String(length=64), nullable=True),
    sa.Column('admin_billing_email', sa.String(length=320), nullable=True),
    sa.Column('admin_billing_state', sa.String(length=255), nullable=True),
    sa.Column('admin_billing_country', sa.String(length=255), nullable=True),
    sa.Column('admin_billing_tax_info', sa.String(length=255), nullable=True),
    sa.Column('admin_company', sa.String(length=255), nullable=True),
    sa.Column('admin_billing_address', sa.Text(), nullable=True),
    sa.Column('admin_billing_city', sa.String(length=255), nullable=True),
    sa.Column('admin_billing_zip', sa.String(length=32), nullable=True),
    sa.Column('admin_billing_additional_info', sa.Text(), nullable=True),
    sa.Column('admin_billing_logo', sa.Text(), nullable=True),
    sa.Column('logo_size', sa.Integer(), nullable=False),
    sa.Column('image_size', sa.Integer(), nullable=False),
    sa.Column('slide_size', sa.Integer(), nullable=False),
    sa.Column('android_app_url', sa.Text(), nullable=True),
    sa.Column('web_app_url', sa.Text(), nullable=True),
    sa.Column('app_environment', sa.String(length=32), nullable=True),
    sa.Column('static_domain', sa.Text(), nullable=True),
    sa.Column('storage_place', sa.String(length=32), nullable=True),
    sa.Column('aws_key', sa.Text(), nullable=True),
    sa.Column('aws_secret', sa.Text(), nullable=True),
    sa.Column('aws_bucket_name', sa.Text(), nullable=True),
    sa.Column('aws_region', sa.String(length=64), nullable=True),
    sa.Column('gs_key', sa.Text(), nullable=True),
    sa.Column('gs_secret', sa.Text(), nullable=True),
    sa.Column('gs_bucket_name', sa.Text(), nullable=True),
    sa.Column('is_google_recaptcha_enabled', sa.Boolean(), nullable=False),
    sa.Column('google_recaptcha_site', sa.Text(), nullable=True),
    sa.Column('google_recaptcha_secret', sa.Text(), nullable=True),
    sa.Column('google_client_id', sa.Text(), nullable=True),
    sa.Column('google_client_secret', sa.Text(), nullable=True),
    sa.Column('fb_client_secret', sa.Text(), nullable=True),
    sa.Column('tw_consumer_key', sa.Text(), nullable=True),
    sa.Column('tw_consumer_secret', sa.Text(), nullable=True),
    sa.Column('in_client_id', sa.Text(), nullable=True),
    sa.Column('in_client_secret', sa.Text(), nullable=True),
    sa.Column('stripe_secret_key', sa.Text(), nullable=True),
    sa.Column('stripe_test_secret_key', sa.Text(), nullable=True),
    sa.Column('paypal_secret', sa.Text(), nullable=True),
    sa.Column('paypal_sandbox_secret', sa.Text(), nullable=True),
    sa.Column('omise_test_secret', sa.Text(), nullable=True),
    sa.Column('omise_live_secret', sa.Text(), nullable=True),
    sa.Column('alipay_secret_key', sa.Text(), nullable=True),
    sa.Column('paytm_live_secret', sa.Text(), nullable=True),
    sa.Column('paytm_sandbox_secret', sa.Text(), nullable=True),
    sa.Column('email_service', sa.String(length=32), nullable=True),
    sa.Column('email_from', sa.String(length=320), nullable=True),
    sa.Column('email_from_name', sa.String(length=255), nullable=True),
    sa.Column('sendgrid_key', sa.Text(), nullable=True),
    sa.Column('smtp_host', sa.String(length=255), nullable=True),
    sa.Column('smtp_username', sa.String(length=255), nullable=True),
    sa.Column('smtp_password', sa.Text(), nullable=True),
    sa.Column('smtp_port', sa.Integer(), nullable=True),
    sa.Column('smtp_encryption', sa.String(length=16), nullable=True),
    sa.Column('rocket_chat_registration_secret', sa.Text(), nullable=True),
    sa.Column('invoice_sending_day', sa.Integer(), nullable=False),
    sa.Column('invoice_sending_timezone', sa.String(length=64), nullable=False),
    sa.Column('admin_billing_paypal_email', sa.String(length=320), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_settings'))
    )
    op.create_table('users',
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('first_name', sa.String(length=255), nullable=True),
    sa.Column('last_name', sa.String(length=255), nullable=True),
    sa.Column('public_name', sa.String(length=255), nullable=True),
    sa.Column('avatar_url', sa.Text(), nullable=True),
    sa.Column('original_image_url', sa.Text(), nullable=True),
    sa.Column('thumbnail_image_url', sa.Text(), nullable=True),
    sa.Column('small_image_url', sa.Text(), nullable=True),
    sa.Column('icon_image_url', sa.Text(), nullable=True),
    sa.Column('is_profile_public', sa.Boolean(), nullable=False),
    sa.Column('was_registered_with_order', sa.Boolean(), nullable=False),
    sa.Column('facebook_url', sa.Text(), nullable=True),
    sa.Column('twitter_url', sa.Text(), nullable=True),
    sa.Column('instagram_url', sa.Text(), nullable=True),
    sa.Column('google_plus_url', sa.Text(), nullable=True),
    sa.Column('is_super_admin', sa.Boolean(), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('is_sales_admin', sa.Boolean(), nullable=False),
    sa.Column('is_marketer', sa.Boolean(), nullable=False),
    sa.Column('is_verified', sa.Boolean(), nullable=False),
    sa.Column('is_blocked', sa.Boolean(), nullable=False),
    sa.Column('last_accessed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sessions_revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('language_prefrence', sa.String(length=32), nullable=True),
    sa.Column('contact', sa.String(length=255), nullable=True),
    sa.Column('billing_contact_name', sa.String(length=255), nullable=True),
    sa.Column('billing_phone', sa.String(length=64), nullable=True),
    sa.Column('billing_state', sa.String(length=255), nullable=True),
    sa.Column('billing_country', sa.String(length=255), nullable=True),
    sa.Column('billing_tax_info', sa.String(length=255), nullable=True),
    sa.Column('company', sa.String(length=255), nullable=True),
    sa.Column('billing_address', sa.Text(), nullable=True),
    sa.Column('billing_city', sa.String(length=255), nullable=True),
    sa.Column('billing_zip_code', sa.String(length=32), nullable=True),
    sa.Column('billing_additional_info', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    op.create_index(op.f('ix_users_deleted_at'), 'users', ['deleted_at'], unique=False)
    op.create_index('uq_users_email_live', 'users', ['email'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_table('users_events_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_users_events_roles_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_users_events_roles_role_id_roles'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_users_events_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users_events_roles')),
    sa.UniqueConstraint('user_id', 'event_id', 'role_id', name=op.f('uq_users_events_roles_user_id_event_id_role_id'))
    )
    op.create_index(op.f('ix_users_events_roles_event_id'), 'users_events_roles', ['event_id'], unique=False)
    op.create_index(op.f('ix_users_events_roles_user_id'), 'users_events_roles', ['user_id'], unique=False)
    op.execute("INSERT INTO roles (name, title_name) VALUES ('owner', 'Owner')")
    op.execute("INSERT INTO roles (name, title_name) VALUES ('organizer', 'Organizer')")
    op.execute("INSERT INTO roles (name, title_name) VALUES ('coorganizer', 'Co-organizer')")
    op.execute("INSERT INTO roles (name, title_name) VALUES ('track_organizer', 'Track Organizer')")
    op.execute("INSERT INTO roles (name, title_name) VALUES ('moderator', 'Moderator')")
    op.execute("INSERT INTO roles (name, title_name) VALUES ('registrar', 'Registrar')")
    op.execute("INSERT INTO roles (name, title_name) VALUES ('attendee', 'Attendee')")
    op.execute("INSERT INTO settings (id, app_name, order_expiry_time, start_pg_enabled, max_complex_custom_fields, is_paytm_activated, logo_size, image_size, slide_size, app_environment, storage_place, is_google_recaptcha_enabled, invoice_sending_day, invoice_sending_timezone) VALUES (1, 'Open Event', 15, 'default', 30, FALSE, 1000, 10000, 20000, 'production', 'local', FALSE, 1, 'UTC')")


def downgrade() -> None:
    op.drop_index(op.f('ix_users_events_roles_user_id'), table_name='users_events_roles')
    op.drop_index(op.f('ix_users_events_roles_event_id'), table_name='users_events_roles')
    op.drop_table('users_events_roles')
    op.drop_index('uq_users_email_live', table_name='users', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_users_deleted_at'), table_name='users')
    op.drop_table('users')
    op.drop_table('settings')
    op.drop_table('roles')
    op.drop_index(op.f('ix_revoked_tokens_expires_at'), table_name='revoked_tokens')
    op.drop_table('revoked_tokens')
    op.drop_table('pages')
    op.drop_index(op.f('ix_login_attempts_key'), table_name='login_attempts')
    op.drop_index(op.f('ix_login_attempts_attempted_at'), table_name='login_attempts')
    op.drop_table('login_attempts')
    op.drop_index(op.f('ix_events_state'), table_name='events')
    op.drop_index(op.f('ix_events_deleted_at'), table_name='events')
    op.drop_table('events')
