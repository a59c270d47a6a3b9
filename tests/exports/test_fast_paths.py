"""The fast iCal/xCal writers give exactly what the icalendar object model gives."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from openevent.exports import load_schedule, render_ical
from openevent.exports.ical import build_calendar, fold_line, vevent_jcal

from .sample import BASE_URL


@pytest.mark.parametrize("base_url", [BASE_URL, None])
async def test_vevent_jcal_equals_the_models(db, programme, base_url):
    schedule = await load_schedule(db, programme.event.id)
    model = build_calendar(schedule, base_url=base_url).to_jcal()
    model_vevents = [c for c in model[2] if c[0] == "vevent"]
    assert model_vevents == [vevent_jcal(schedule, s, base_url) for s in schedule.sessions]
    assert len(model_vevents) == len(programme.public)


async def test_ics_parses_to_the_models_calendar(db, programme):
    schedule = await load_schedule(db, programme.event.id)
    fast = Calendar.from_ical(render_ical(schedule, base_url=BASE_URL))
    model = Calendar.from_ical(build_calendar(schedule, base_url=BASE_URL).to_ical())
    fast_jcal, model_jcal = fast.to_jcal(), model.to_jcal()
    assert fast_jcal[1] == model_jcal[1]
    assert len(fast_jcal[2]) == len(model_jcal[2])
    for mine, reference in zip(fast_jcal[2], model_jcal[2]):  # property order is free in iCalendar
        assert (mine[0], sorted(map(repr, mine[1])), mine[2]) == \
            (reference[0], sorted(map(repr, reference[1])), reference[2])


@pytest.mark.parametrize("line", ["x" * 200, "é" * 100, "a" + "🎉" * 40, "ab" * 37 + "🎉", "short"])
def test_fold_line(line):
    folded = fold_line(line)
    physical = folded.split(b"\r\n")[:-1]
    assert all(len(p) <= 75 for p in physical)
    assert all(p.startswith(b" ") for p in physical[1:])
    assert b"".join([physical[0], *(p[1:] for p in physical[1:])]).decode("utf-8") == line
