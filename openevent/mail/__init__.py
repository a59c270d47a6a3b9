"""Mail: `send_mail(db, to, subject, body, kind)` queues a mail in the caller's transaction;
it is delivered in the background after commit (SMTP, or the outbox file by default)."""
