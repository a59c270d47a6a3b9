"""Delivering one message: through SMTP when configured, else into the outbox file.

Configuration, first match wins:
1. the settings singleton (`smtp-host`, `smtp-port`, `smtp-username`, `smtp-password`,
   `smtp-encryption` = none|ssl|tls, `email-from`, `email-from-name`; admin view only);
2. environment: OPENEVENT_SMTP_HOST, OPENEVENT_SMTP_PORT, OPENEVENT_SMTP_USERNAME,
   OPENEVENT_SMTP_PASSWORD, OPENEVENT_SMTP_ENCRYPTION, OPENEVENT_MAIL_FROM;
3. none: the embedded default appends every mail to <data dir>/mail/outbox.mbox
   (mbox format, readable by any mail client or Python's `mailbox`).
"""

from __future__ import annotations

import mailbox
import os
import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from typing import Any

DEFAULT_FROM = "noreply@localhost"
SMTP_TIMEOUT_SECONDS = 30
_OUTBOX_LOCK = threading.Lock()


@dataclass(frozen=True)
class MailConfig:
    host: str | None = None
    port: int | None = None
    username: str | None = None
    password: str | None = None
    encryption: str = "none"  # none | ssl (implicit TLS) | tls (STARTTLS)
    sender: str = DEFAULT_FROM
    sender_name: str | None = None

    @property
    def uses_smtp(self) -> bool:
        return bool(self.host)


def config_from(setting_row: Any | None) -> MailConfig:
    """The mail configuration from the settings singleton, else from the environment."""
    env = os.environ
    row = setting_row
    if row is not None and row.smtp_host:
        return MailConfig(
            host=row.smtp_host, port=row.smtp_port, username=row.smtp_username, password=row.smtp_password,
            encryption=(row.smtp_encryption or "none").lower(), sender=row.email_from or DEFAULT_FROM,
            sender_name=row.email_from_name,
        )
    sender = (row.email_from if row is not None else None) or env.get("OPENEVENT_MAIL_FROM") or DEFAULT_FROM
    name = row.email_from_name if row is not None else None
    port = env.get("OPENEVENT_SMTP_PORT")
    return MailConfig(
        host=env.get("OPENEVENT_SMTP_HOST") or None, port=int(port) if port else None,
        username=env.get("OPENEVENT_SMTP_USERNAME") or None, password=env.get("OPENEVENT_SMTP_PASSWORD") or None,
        encryption=(env.get("OPENEVENT_SMTP_ENCRYPTION") or "none").lower(), sender=sender, sender_name=name,
    )


def build_message(config: MailConfig, *, to: str, subject: str, body: str, mail_id: int | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((config.sender_name or "", config.sender)) if config.sender_name else config.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(idstring=f"openevent.{mail_id}" if mail_id else None)
    message.set_content(body)
    return message


def outbox_path(data_dir: Path) -> Path:
    return Path(data_dir) / "mail" / "outbox.mbox"


def deliver(config: MailConfig, message: EmailMessage, data_dir: Path) -> str:
    """Blocking: send the message (run it in a thread). Returns where it went; raises on failure."""
    if not config.uses_smtp:
        path = outbox_path(data_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        with _OUTBOX_LOCK:
            box = mailbox.mbox(str(path))
            try:
                box.lock()
                box.add(message)
                box.flush()
            finally:
                box.unlock()
                box.close()
        return f"outbox {path}"
    if config.encryption == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port or 465, timeout=SMTP_TIMEOUT_SECONDS,
                                              context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(config.host, config.port or 25, timeout=SMTP_TIMEOUT_SECONDS)
    with smtp:
        if config.encryption == "tls":
            smtp.starttls(context=ssl.create_default_context())
        if config.username:
            smtp.login(config.username, config.password or "")
        smtp.send_message(message)
    return f"smtp {config.host}:{config.port}"
