"""IANA timezones and local wall-clock times.

Instants are stored as aware UTC. A timezone is an IANA name checked against
the tz database (zoneinfo + tzdata). Clients may send datetimes without an
offset for attributes declared `local_time=True`: those are read as wall-clock
time in the resource's timezone (an event's own timezone, the one sent in the
same request first), which is what organisers type into a form. Wall-clock
times that do not exist (skipped by a daylight-saving jump) are refused;
ambiguous ones (repeated when clocks go back) take the first occurrence.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable
from zoneinfo import ZoneInfo, available_timezones

from openevent.jsonapi.errors import invalid_attribute


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_timezone(name: Any) -> bool:
    return isinstance(name, str) and name in _known_zones()


def validate_timezone(name: Any, *, attribute: str = "timezone") -> str:
    """The name itself when it is a known IANA zone, else a 422 pointing at the attribute."""
    if not is_timezone(name):
        raise invalid_attribute(attribute, f"{name!r} is not a known IANA timezone (e.g. 'Europe/Berlin', 'UTC').")
    return name


def local_to_utc(value: datetime, tz_name: str, *, attribute: str) -> datetime:
    """An aware datetime as UTC; a naive one read as wall-clock time in `tz_name`."""
    if value.tzinfo is not None:
        return _as_utc(value, attribute)
    zone = ZoneInfo(tz_name)
    aware = value.replace(tzinfo=zone)
    instant = _as_utc(aware, attribute)
    if instant.astimezone(zone).replace(tzinfo=None) != value:
        raise invalid_attribute(
            attribute, f"{value.isoformat()} does not exist in {tz_name} (clocks skip it); send an offset."
        )
    return instant


def _as_utc(value: datetime, attribute: str) -> datetime:
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        raise invalid_attribute(attribute, f"{attribute!r} is out of the supported date range.") from None


def resolve_local_times(attributes: dict[str, Any], keys: Iterable[str], tz_name: str, names: dict[str, str]) -> None:
    """Replace naive datetimes among `keys` of a validated attribute dict by UTC instants (in place).

    `names` maps model keys to wire names for error pointers.
    """
    for key in keys:
        value = attributes.get(key)
        if isinstance(value, datetime):
            attributes[key] = local_to_utc(value, tz_name, attribute=names.get(key, key))
