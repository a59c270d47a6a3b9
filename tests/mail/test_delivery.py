"""Mail delivery: the outbox row is written in the caller's transaction and sent after commit,
through a real SMTP server (a local sink) when configured, else into the outbox mbox file."""

from __future__ import annotations

import mailbox
import socket

import pytest
from sqlalchemy import select

from openevent.core import signals
from openevent.events.service import get_settings
from openevent.mail.models import Mail
from openevent.mail.service import send_mail
from openevent.mail.transport import outbox_path


async def settle(app) -> None:
    await signals.drain()
    await app.state.task_runner.wait_idle(timeout=10)


async def configure_smtp(db, port: int, **fields) -> None:
    row = await get_settings(db)
    row.smtp_host, row.smtp_port = "127.0.0.1", port
    row.email_from, row.email_from_name = "events@example.org", "Open Event"
    for key, value in fields.items():
        setattr(row, key, value)
    await db.commit()


async def queue(app, to="someone@example.com", subject="Hello", body="Body text.\n.\nline after a dot\n",
                kind="test", commit=True) -> int:
    async with app.state.sessionmaker() as db:
        from openevent.core.signals import APP_STATE

        db.info[APP_STATE] = app.state  # as in a request
        mail = await send_mail(db, to, subject, body, kind)
        mail_id = mail.id
        if commit:
            await db.commit()
        else:
            await db.rollback()
    return mail_id


async def status_of(db, mail_id):
    db.expire_all()
    return (await db.execute(select(Mail.status, Mail.error, Mail.attempts).where(Mail.id == mail_id))).first()


async def test_sent_through_smtp_after_commit(app, db, smtp_sink):
    await configure_smtp(db, smtp_sink.port, smtp_username="mailer", smtp_password="s3cret")
    mail_id = await queue(app, subject="Line\r\nBcc: injected@example.com")
    await settle(app)
    assert len(smtp_sink.received) == 1
    got = smtp_sink.received[0]
    assert got.sender == "events@example.org" and got.recipients == ["someone@example.com"]
    assert got.auth == "\x00mailer\x00s3cret"
    assert got.message["Subject"] == "Line Bcc: injected@example.com"  # no header injection
    assert got.message["Bcc"] is None
    assert got.message["From"] == "Open Event <events@example.org>"
    assert got.message.get_payload(decode=True).decode() == "Body text.\r\n.\r\nline after a dot\r\n"  # SMTP line ends
    assert tuple(await status_of(db, mail_id)) == ("sent", None, 1)


async def test_rolled_back_mail_is_never_sent(app, db, smtp_sink):
    await configure_smtp(db, smtp_sink.port)
    await queue(app, commit=False)
    await settle(app)
    assert smtp_sink.received == []
    assert (await db.execute(select(Mail))).scalars().all() == []


async def test_embedded_default_writes_the_outbox_file(app, db, backend):
    path = outbox_path(backend.data_dir)
    before = len(mailbox.mbox(str(path))) if path.exists() else 0
    mail_id = await queue(app, to="file@example.com", subject="To the outbox")
    await settle(app)
    box = mailbox.mbox(str(path))
    messages = list(box)
    assert len(messages) == before + 1
    assert messages[-1]["To"] == "file@example.com" and messages[-1]["Subject"] == "To the outbox"
    assert tuple(await status_of(db, mail_id)) == ("sent", None, 1)


async def test_unreachable_server_marks_the_mail_failed(app, db):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    await configure_smtp(db, port)
    mail_id = await queue(app)
    await settle(app)
    status, error, attempts = await status_of(db, mail_id)
    assert (status, attempts) == ("failed", 1)
    assert error.startswith("ConnectionRefusedError")


async def test_admins_read_the_outbox_and_send_test_mails(app, client, db, smtp_sink):
    from ..auth.factories import headers_for
    from ..factories import make_user

    await configure_smtp(db, smtp_sink.port)
    admin = await make_user(db, is_admin=True)
    user = await make_user(db)
    assert (await client.post("/v1/test-mail", headers=headers_for(user),
                               json={"data": {"recipient": "t@example.com"}})).status_code == 403
    sent = await client.post("/v1/test-mail", headers=headers_for(admin), json={"data": {"recipient": "t@example.com"}})
    assert sent.status_code == 200
    await settle(app)
    assert [r.recipients for r in smtp_sink.received] == [["t@example.com"]]
    listed = await client.get("/v1/mails", headers=headers_for(admin))
    assert listed.status_code == 200
    attributes = listed.json()["data"][0]["attributes"]
    assert {k: attributes[k] for k in ("recipient", "action", "subject", "status")} == {
        "recipient": "t@example.com", "action": "test_mail", "subject": "Test mail", "status": "sent"}
    assert (await client.get("/v1/mails", headers=headers_for(user))).status_code == 403
    mail_id = listed.json()["data"][0]["id"]
    assert (await client.get(f"/v1/mails/{mail_id}", headers=headers_for(user))).status_code == 404
    assert (await client.get(f"/v1/mails/{mail_id}", headers=headers_for(admin))).status_code == 200


async def test_outbox_list_costs_the_same_at_any_page_size(app, client, db, count_queries):
    from ..auth.factories import headers_for
    from ..factories import make_user

    admin = await make_user(db, is_admin=True)
    for i in range(8):
        db.add(Mail(recipient=f"r{i}@example.com", subject="s", body="b", kind="k", status="sent"))
    await db.commit()
    counts = []
    for size in (5, 50):
        with count_queries() as counter:
            response = await client.get(f"/v1/mails?page[size]={size}&sort=-time", headers=headers_for(admin))
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert response.json()["meta"]["count"] == 8


def test_configuration_precedence(monkeypatch):
    from types import SimpleNamespace

    from openevent.mail.transport import config_from

    def row(**fields):
        base = dict(smtp_host=None, smtp_port=None, smtp_username=None, smtp_password=None, smtp_encryption=None,
                    email_from=None, email_from_name=None)
        return SimpleNamespace(**{**base, **fields})

    for name in ("HOST", "PORT", "USERNAME", "PASSWORD", "ENCRYPTION"):
        monkeypatch.delenv(f"OPENEVENT_SMTP_{name}", raising=False)
    monkeypatch.delenv("OPENEVENT_MAIL_FROM", raising=False)
    assert config_from(None).uses_smtp is False  # embedded default: the outbox file
    monkeypatch.setenv("OPENEVENT_SMTP_HOST", "env.example")
    monkeypatch.setenv("OPENEVENT_SMTP_PORT", "2525")
    monkeypatch.setenv("OPENEVENT_SMTP_ENCRYPTION", "TLS")
    from_env = config_from(row(email_from="site@example.org"))
    assert (from_env.host, from_env.port, from_env.encryption, from_env.sender) == (
        "env.example", 2525, "tls", "site@example.org")
    from_settings = config_from(row(smtp_host="db.example", smtp_port=465, smtp_encryption="ssl"))
    assert (from_settings.host, from_settings.port, from_settings.encryption) == ("db.example", 465, "ssl")


@pytest.mark.parametrize(("body", "pointer"), [(b"null", "/recipient"), (b"[]", "/recipient"),
                                                (b'{"data": {"recipient": 5}}', "/data/recipient"),
                                                (b'{"recipient": "no-at-sign"}', "/recipient")])
async def test_test_mail_bodies_that_are_not_an_address_are_422(client, db, body, pointer):
    from ..auth.factories import headers_for
    from ..factories import make_user

    admin = await make_user(db, is_admin=True)
    response = await client.post("/v1/test-mail", content=body,
                                 headers={**headers_for(admin), "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"] == {"pointer": pointer}
