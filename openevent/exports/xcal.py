"""xCal (RFC 6321) export of the public programme.

The document is serialised from the same icalendar object model as the .ics file (via its
jCal form, RFC 7265, which carries the value type of every property), so iCal and xCal
never disagree. Unlike the old Open Event xCal (W21) it uses the RFC 6321 namespace and
root, `properties`/`components` wrappers, typed values (`<text>`, `<date-time>`, `<uri>`,
`<utc-offset>` ...) and `<parameters><tzid><text>` for local times.

Extension properties (X-WR-CALNAME, X-WR-TIMEZONE) are left out: the RFC 6321 Appendix A
grammar, which this output is validated against, has no place for them.
"""

from __future__ import annotations

from lxml import etree

from openevent.exports.ical import _calendar_shell, vevent_jcal
from openevent.exports.schedule_data import Schedule

CONTENT_TYPE = "application/calendar+xml; charset=utf-8"
FILE_EXTENSION = "xcs"
NAMESPACE = "urn:ietf:params:xml:ns:icalendar-2.0"

# Parameter values are text unless listed here (RFC 6321, 3.5 and Appendix A).
_PARAMETER_TYPES = {
    "altrep": "uri",
    "dir": "uri",
    "sent-by": "cal-address",
    "member": "cal-address",
    "delegated-to": "cal-address",
    "delegated-from": "cal-address",
    "rsvp": "boolean",
}


def render_xcal(schedule: Schedule, *, base_url: str | None = None) -> bytes:
    # The header and VTIMEZONE from the icalendar model; the VEVENTs straight from their jCal
    # lists (ical.vevent_jcal), equal to the model's to_jcal() but much faster to build.
    jcal = _calendar_shell(schedule, base_url).to_jcal()
    jcal[2].extend(vevent_jcal(schedule, session, base_url) for session in schedule.sessions)
    root = etree.Element(_tag("icalendar"), nsmap={None: NAMESPACE})
    root.append(_component(jcal))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _component(jcal: list) -> etree._Element:
    """["vevent", [properties...], [components...]] -> <vevent><properties/><components/></vevent>."""
    name, properties, components = jcal
    element = etree.Element(_tag(name))
    wrapper = etree.SubElement(element, _tag("properties"))
    for jcal_property in properties:
        if not jcal_property[0].startswith("x-"):
            wrapper.append(_property(jcal_property))
    # vcalendar always has <components>; other components only when they have children.
    if components or name == "vcalendar":
        children = etree.SubElement(element, _tag("components"))
        for component in components:
            children.append(_component(component))
    return element


def _property(jcal_property: list) -> etree._Element:
    name, parameters, value_type, *values = jcal_property
    element = etree.Element(_tag(name))
    if parameters:
        element.append(_parameters(parameters))
    for value in values:
        element.append(_value(value_type, value))
    return element


def _parameters(parameters: dict) -> etree._Element:
    element = etree.Element(_tag("parameters"))
    for name, value in parameters.items():
        parameter = etree.SubElement(element, _tag(name))
        for item in value if isinstance(value, list) else [value]:
            parameter.append(_value(_PARAMETER_TYPES.get(name, "text"), item))
    return element


def _value(value_type: str, value) -> etree._Element:
    # Structured jCal values (recur, period, geo, request-status) are never produced by
    # build_calendar; refuse them rather than write something invalid.
    if isinstance(value, (list, dict)):
        raise ValueError(f"xCal export does not support structured {value_type!r} values")
    element = etree.Element(_tag(value_type))
    element.text = "true" if value is True else "false" if value is False else str(value)
    return element
