"""The badge PDF task (`export.badge.pdf`): the attendee's name, ticket and event, and a QR code
of the ticket secret (what door scanners read), A6 portrait.

The text uses the PDF core font Helvetica (names outside Latin-1 are transliterated where
possible) so the names stay searchable text in the file; the full Unicode name is also the
document title. Content streams are not compressed: a badge is a few kilobytes anyway.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

from sqlalchemy import select

from openevent.core.db import utcnow
from openevent.events.models import Event
from openevent.orders.models import Attendee
from openevent.tasks import TaskContext, TaskFailed, task
from openevent.ticketing.models import Ticket

CONTENT_TYPE = "application/pdf"
# letters NFKD does not decompose
_FOLD = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Œ": "OE", "œ": "oe",
                       "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _latin1(text: str) -> str:
    """Keep Latin-1 characters; transliterate or replace the rest (core PDF fonts are Latin-1)."""
    out = []
    for ch in text.translate(_FOLD):
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            ascii_ = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
            out.append(ascii_ or "?")
    return "".join(out)


def full_name(firstname: str | None, lastname: str | None) -> str:
    return " ".join(p.strip() for p in (firstname or "", lastname or "") if p and p.strip()) or "Attendee"


def render_badge(*, name: str, event_name: str, ticket_name: str | None, secret: str,
                 starts_at: datetime | None = None) -> bytes:
    """A one-page badge PDF (pure function: no database, no I/O)."""
    import qrcode
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format=(105, 148))  # A6
    pdf.set_compression(False)
    pdf.set_title(f"Badge: {name}")
    pdf.set_creator("openevent")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width = pdf.w - 2 * pdf.l_margin
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_y(10)
    pdf.multi_cell(width, 5, _latin1(event_name)[:200], align="C")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(width, 9, _latin1(name)[:120], align="C")
    if ticket_name:
        pdf.ln(2)
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(width, 6, _latin1(ticket_name)[:120], align="C")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    qr.add_data(secret)
    qr.make(fit=True)
    image = qr.make_image(fill_color="black", back_color="white").get_image()
    size = 50
    pdf.image(image, x=(pdf.w - size) / 2, y=pdf.h - size - 14, w=size, h=size)
    if starts_at is not None:
        pdf.set_font("Helvetica", "", 8)
        pdf.set_y(pdf.h - 12)
        pdf.cell(width, 4, starts_at.strftime("%Y-%m-%d"), align="C")
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


@task("export.badge.pdf")
async def print_badge(ctx: TaskContext, attendee_id: int, event_id: int | None = None,
                      fields: list[str] | None = None) -> dict:
    await ctx.progress(5)
    async with ctx.session() as db:
        row = (await db.execute(
            select(Attendee, Event.name, Event.starts_at, Ticket.name)
            .join(Event, Event.id == Attendee.event_id)
            .outerjoin(Ticket, Ticket.id == Attendee.ticket_id)
            .where(Attendee.id == int(attendee_id), Attendee.deleted_at.is_(None))
        )).first()
        if row is None:
            raise TaskFailed("The attendee no longer exists; no badge was printed.")
        attendee, event_name, starts_at, ticket_name = row
        name = full_name(attendee.firstname, attendee.lastname)
        event_id, secret = attendee.event_id, attendee.secret  # from the row, not the caller
    data = await ctx.run_sync(render_badge, name=name, event_name=event_name, ticket_name=ticket_name,
                              secret=secret, starts_at=starts_at)
    await ctx.progress(80)
    key = await ctx.save_export(event_id, f"badge-{attendee_id}.pdf", data, CONTENT_TYPE)
    async with ctx.session() as db:
        attendee = await db.get(Attendee, int(attendee_id))
        if attendee is not None:
            attendee.is_badge_printed = True
            attendee.badge_printed_at = utcnow()
            await db.commit()
    return ctx.download(key)
