"""Extension points of the orders domain for other domains (check-in).

- `register_attendee_patch_hook(member_names, fn)`: the attendee writer hands the listed PATCH
  members of `/v1/attendees/{id}` (wire names, e.g. `is-checked-in`) to `fn`. Without a hook those
  members are refused with 422. Signature:

      async def fn(db: AsyncSession, ctx: RequestContext, attendee: Attendee,
                   values: dict[str, Any]) -> None

  `values` maps the wire member names that the request sent (and this hook claimed) to their raw
  JSON values. The hook authorises and validates them itself (raise JsonApiError with a pointer
  `/data/attributes/<member>`), and runs inside the request's transaction (no commit).
- `sold_and_reserved(db, ticket_ids) -> {ticket_id: units}`: the one stock definition
  (see availability.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from .availability import access_code_used, discount_code_used, order_holds_stock, sold_and_reserved

AttendeePatchHook = Callable[..., Awaitable[None]]

# Members a hook may claim (check-in state of an attendee).
CHECKIN_MEMBERS = ("is-checked-in", "checkin-times", "is-checked-out", "checkout-times",
                   "device-name-checkin", "is-registered", "register-times", "is-badge-printed",
                   "badge-printed-at")

ATTENDEE_PATCH_HOOKS: dict[str, AttendeePatchHook] = {}


def register_attendee_patch_hook(member_names: Iterable[str], fn: AttendeePatchHook) -> AttendeePatchHook:
    """Let `fn` handle these attendee PATCH members (wire names). One hook per member."""
    for name in member_names:
        existing = ATTENDEE_PATCH_HOOKS.get(name)
        if existing is not None and existing is not fn:
            raise ValueError(f"attendee member {name!r} already has a patch hook")
        ATTENDEE_PATCH_HOOKS[name] = fn
    return fn


def hooks_for(member_names: Iterable[str]) -> list[tuple[AttendeePatchHook, list[str]]]:
    """Group the claimed members by hook (in first-seen order); unclaimed members are left out."""
    grouped: dict[int, tuple[AttendeePatchHook, list[str]]] = {}
    for name in member_names:
        fn = ATTENDEE_PATCH_HOOKS.get(name)
        if fn is None:
            continue
        grouped.setdefault(id(fn), (fn, []))[1].append(name)
    return list(grouped.values())


__all__ = ["ATTENDEE_PATCH_HOOKS", "CHECKIN_MEMBERS", "register_attendee_patch_hook", "hooks_for",
           "sold_and_reserved", "discount_code_used", "access_code_used", "order_holds_stock"]
