"""Orders and attendees CSV (Open Event columns), one streamed query each.

Orders: every order of the event, oldest first. "Order#" is Open Event's invoice number
O<unix time of creation>-<id>; "Quantity" is the number of ticket units; First Name, Last
Name and Email are the buyer's account. Attendees: every live attendee (ticket unit) with
its order and ticket, then the holder's own fields.
"""

from __future__ import annotations

from sqlalchemy import func, select

from openevent.auth.models import User
from openevent.orders.models import AccessCode, Attendee, DiscountCode, Order, OrderTicket
from openevent.ticketing.models import Ticket

from .csv_export import CsvFile, local_time, stream, zone_of

ORDER_COLUMNS = (
    "Order#", "Order Date", "Status", "Payment Type", "Payment Mode", "Total Amount", "Quantity", "Discount Code",
    "Access Code", "First Name", "Last Name", "Email", "Tax ID", "Address", "Company", "Country", "State", "City",
    "Zipcode",
)
ATTENDEE_COLUMNS = (
    "Order#", "Order Date", "Order Status", "Payment Type", "Payment Mode", "Ticket Name", "Ticket Price",
    "Ticket Type", "Tax ID", "Address", "Company", "Country", "State", "City", "Zipcode",
    "First Name", "Last Name", "Email", "Phone", "Job Title", "Checked In",
)


def invoice_number(order_id: int, created_at) -> str:
    return f"O{int(created_at.timestamp())}-{order_id}" if created_at is not None else f"O-{order_id}"


async def write_orders_csv(db, event, *, out: CsvFile) -> None:
    zone = zone_of(event.timezone)
    quantity = (select(func.coalesce(func.sum(OrderTicket.quantity), 0))
                .where(OrderTicket.order_id == Order.id).correlate(Order).scalar_subquery())
    stmt = (select(Order.id, Order.created_at, Order.status, Order.paid_via, Order.payment_mode, Order.amount,
                   quantity, DiscountCode.code, AccessCode.code, User.first_name, User.last_name, User.email,
                   Order.tax_business_info, Order.address, Order.company, Order.country, Order.state, Order.city,
                   Order.zipcode)
            .outerjoin(DiscountCode, DiscountCode.id == Order.discount_code_id)
            .outerjoin(AccessCode, AccessCode.id == Order.access_code_id)
            .outerjoin(User, User.id == Order.user_id)
            .where(Order.event_id == event.id)
            .order_by(Order.created_at, Order.id))
    async for row in stream(db, stmt):
        order_id, created_at, *rest = row
        out.row([invoice_number(order_id, created_at), local_time(created_at, zone), *rest])


async def attendee_columns(db, event) -> tuple[str, ...]:
    return ATTENDEE_COLUMNS


async def write_attendees_csv(db, event, *, out: CsvFile) -> None:
    zone = zone_of(event.timezone)
    stmt = (select(Order.id, Order.created_at, Order.status, Order.paid_via, Order.payment_mode, Ticket.name,
                   Attendee.price, Ticket.type, Order.tax_business_info, Order.address, Order.company,
                   Order.country, Order.state, Order.city, Order.zipcode, Attendee.firstname, Attendee.lastname,
                   Attendee.email, Attendee.phone, Attendee.job_title, Attendee.is_checked_in)
            .join(Order, Order.id == Attendee.order_id)
            .join(Ticket, Ticket.id == Attendee.ticket_id)
            .where(Attendee.event_id == event.id, Attendee.deleted_at.is_(None))
            .order_by(Order.created_at, Order.id, Attendee.id))
    async for row in stream(db, stmt):
        order_id, created_at, *rest = row
        out.row([invoice_number(order_id, created_at), local_time(created_at, zone), *rest])
