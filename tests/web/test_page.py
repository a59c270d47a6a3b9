"""The public schedule page rendered on the server (httpx against the app, SQLite and PostgreSQL)."""

from __future__ import annotations

import gzip
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from ..factories import make_event
from .factories import (
    LONG_ABSTRACT,
    make_room,
    make_session,
    make_speaker,
    make_track,
    programme_titles,
    seed_bulk,
    seed_conference,
)
from .htmlpage import SchedulePage

UTC = timezone.utc


async def get_page(client, identifier: str, **params) -> tuple[object, SchedulePage]:
    response = await client.get(f"/e/{identifier}/schedule", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response, SchedulePage(response.text)


async def test_sessions_grouped_by_local_day_with_local_times(client, db):
    conf = await seed_conference(db)
    _, page = await get_page(client, conf.event.identifier)

    assert [d.key for d in page.days] == ["2027-03-11", "2027-03-12", "2027-03-13"]
    for index, day in enumerate(page.days):
        assert day.titles() == programme_titles(index)
        assert "Asia/Singapore (UTC+08:00)" in day.heading
    assert page.days[0].heading.startswith("Thursday, 11 March 2027")
    first = page.days[0].sessions[1]
    assert first.title == "Running Kubernetes Operators in Production"
    assert first.meta.startswith("09:45–10:30 · Hall A · Cloud & DevOps")
    assert "Ana Lima, Site Reliability Engineer, Red Hat" in first.speakers
    # 23:30 local is 15:30 UTC: still the first day; it ends after midnight.
    late = page.days[0].sessions[-1]
    assert late.title == "Late Night Hacking Social"
    assert late.meta.startswith("23:30–00:30 (+1 day)")
    assert "Times in <strong>Asia/Singapore (UTC+08:00)</strong>" in (await client.get(
        f"/e/{conf.event.identifier}/schedule")).text


async def test_late_evening_session_is_the_next_day_in_utc_but_grouped_by_local_day(client, db):
    event = await make_event(db, timezone="America/Los_Angeles",
                             starts_at=datetime(2027, 6, 1, 16, tzinfo=UTC), ends_at=datetime(2027, 6, 3, 4, tzinfo=UTC))
    # 2027-06-02 03:30 UTC is 20:30 on 1 June in Los Angeles (UTC-07:00).
    await make_session(db, event, "Evening Keynote", datetime(2027, 6, 2, 3, 30, tzinfo=UTC), 60)
    await make_session(db, event, "Morning Talk", datetime(2027, 6, 1, 16, 0, tzinfo=UTC), 30)
    await make_session(db, event, "Second Day Talk", datetime(2027, 6, 2, 16, 0, tzinfo=UTC), 30)
    await db.commit()
    _, page = await get_page(client, event.identifier)
    assert [(d.key, d.titles()) for d in page.days] == [
        ("2027-06-01", ["Morning Talk", "Evening Keynote"]),
        ("2027-06-02", ["Second Day Talk"]),
    ]
    assert page.day("2027-06-01").sessions[1].meta.startswith("20:30–21:30")
    assert "America/Los_Angeles (UTC-07:00)" in page.days[0].heading


async def test_grouping_across_a_dst_change(client, db):
    event = await make_event(db, timezone="Europe/Berlin",
                             starts_at=datetime(2027, 3, 27, 8, tzinfo=UTC), ends_at=datetime(2027, 3, 28, 18, tzinfo=UTC))
    # Clocks go forward at 02:00 on 28 March 2027 in Berlin (UTC+01:00 -> UTC+02:00).
    await make_session(db, event, "Before Midnight", datetime(2027, 3, 27, 22, 0, tzinfo=UTC), 30)  # 23:00 CET
    await make_session(db, event, "Just After Midnight", datetime(2027, 3, 27, 23, 30, tzinfo=UTC), 30)  # 00:30 CET
    await make_session(db, event, "Across The Change", datetime(2027, 3, 28, 0, 30, tzinfo=UTC), 60)  # 01:30 CET
    await make_session(db, event, "After The Change", datetime(2027, 3, 28, 1, 30, tzinfo=UTC), 30)  # 03:30 CEST
    await db.commit()
    _, page = await get_page(client, event.identifier)
    assert [(d.key, d.titles()) for d in page.days] == [
        ("2027-03-27", ["Before Midnight"]),
        ("2027-03-28", ["Just After Midnight", "Across The Change", "After The Change"]),
    ]
    day = page.day("2027-03-28")
    assert "Europe/Berlin (UTC+01:00 → UTC+02:00)" in day.heading
    assert "Europe/Berlin (UTC+01:00)" in page.day("2027-03-27").heading
    assert [s.meta[:11] for s in day.sessions] == ["00:30–01:00", "01:30–03:30", "03:30–04:00"]
    # The calendar counts real time: 01:30 CET to 03:30 CEST is one hour, 12 five-minute rows.
    across = day.sessions[1]
    assert "gs-12" in across.classes
    assert '<time datetime="2027-03-28T03:30:00+02:00">' in (await client.get(f"/e/{event.identifier}/schedule")).text


async def test_only_public_sessions_and_no_emails(client, db):
    conf = await seed_conference(db)
    response, page = await get_page(client, conf.event.identifier)
    titles = [s.title for s in page.all_sessions()]
    assert sorted(titles) == sorted(programme_titles())
    for secret in ("Secret Draft Talk", "Rejected Talk", "Deleted Talk", "Unscheduled Talk"):
        assert secret not in response.text
    assert "@" not in response.text  # no e-mail address of any speaker


async def test_everything_is_escaped_and_the_page_has_a_strict_csp(client, db):
    evil = '<script>alert("x")</script>'
    event = await make_event(db, name=f"Evil {evil}", location_name=f"Hall {evil}", logo_url='javascript:alert(1)')
    track = await make_track(db, event, f"Track {evil}", color='"><b>x')
    room = await make_room(db, event, f"Room {evil}")
    speaker = await make_speaker(db, event, f"Name {evil}", position=f"Pos {evil}", organisation=f"Org {evil}")
    await make_session(db, event, f"Title {evil}", datetime(2027, 3, 1, 10, tzinfo=UTC), room=room, track=track,
                       speakers=[speaker], short_abstract=f"Abstract {evil}", language=f"Lang {evil}")
    await db.commit()
    response, page = await get_page(client, event.identifier, q=evil)
    html = response.text
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert '"><b>' not in html
    assert html.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") >= 9
    session = page.all_sessions()[0]
    assert session.title == f"Title {evil}" and not session.hidden  # the search matched the literal text
    assert 'fill="#6b7280"' in html  # an invalid colour falls back to grey
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    # No inline script and no inline style: every script has a src, nothing carries style=.
    assert page.scripts and all(s.get("src", "").startswith("/static/web/") for s in page.scripts)
    assert " style=" not in html and "<style" not in html


async def test_unknown_unpublished_and_deleted_events_are_html_404s(client, db):
    draft = await make_event(db, state="draft")
    deleted = await make_event(db, deleted_at=datetime(2027, 1, 1, tzinfo=UTC))
    for identifier in ("nope", draft.identifier, deleted.identifier):
        response = await client.get(f"/e/{identifier}/schedule")
        assert response.status_code == 404
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert "Page not found" in response.text
        assert "content-security-policy" in response.headers


async def test_search_filters_on_the_server(client, db):
    conf = await seed_conference(db)
    identifier = conf.event.identifier

    async def visible(**params):
        _, page = await get_page(client, identifier, **params)
        return page

    page = await visible(q="KUBE")  # title words and organisations, case-insensitive
    assert page.visible_titles() == ["Running Kubernetes Operators in Production",
                                     "Machine Learning Pipelines on Kubeflow", "Zero-Downtime Database Migrations"]
    assert page.texts["count"] == "3 of 14 sessions match."
    assert "hidden" in page.ids["none"]
    assert [d.key for d in page.days if not d.hidden] == ["2027-03-11", "2027-03-12", "2027-03-13"]

    page = await visible(q="red hat")  # an organisation
    assert page.visible_titles() == ["Running Kubernetes Operators in Production", "Zero-Downtime Database Migrations"]
    page = await visible(q="community manager")  # a position
    assert page.visible_titles() == ["Opening of the Summit", "Late Night Hacking Social",
                                     "Growing Open Source Communities in Asia", "Closing Keynote"]
    page = await visible(q="  Hardware Hacker ")  # surrounding spaces do not count
    assert len(page.visible_titles()) == 3
    page = await visible(q="hacker hardware")  # contiguous text, not words in any order
    assert page.visible_titles() == []
    assert "hidden" not in page.ids["none"]
    assert page.texts["none"] == "No matching results found."
    assert page.texts["count"] == "0 of 14 sessions match."
    assert all(d.hidden for d in page.days)

    page = await visible(track=str(conf.tracks["Open Hardware"].id))
    assert page.visible_titles() == ["Solder your first Badge", "Open Hardware Certification Explained"]
    page = await visible(room=str(conf.rooms["Hall B"].id), q="data")
    assert page.visible_titles() == ["Feature Stores without Tears", "Zero-Downtime Database Migrations"]
    page = await visible(lang="German")
    assert page.visible_titles() == ["GitOps for Small Teams"]
    page = await visible(q="")
    assert page.texts["count"] == "14 sessions."


async def test_calendar_mode_shows_one_day_with_rooms_in_position_order(client, db):
    conf = await seed_conference(db)
    response, page = await get_page(client, conf.event.identifier, mode="calendar", day="2027-03-12", q="open")
    assert [d.key for d in page.days if not d.hidden] == ["2027-03-12"]
    assert page.visible_titles() == ["Growing Open Source Communities in Asia", "Open Hardware Certification Explained"]
    html = response.text
    day = html[html.index('id="d-2027-03-12"'):html.index('id="d-2027-03-13"')]
    assert re.findall(r'<div class="rh gc-(\d+)" aria-hidden="true" title="[^"]+">([^<]+)</div>', day) == [
        ("2", "Auditorium"), ("3", "Hall A"), ("4", "Hall B"), ("5", "Workshop Room")]
    ml = page.day("2027-03-12").sessions[0]  # 09:00-09:45 in the Auditorium: first row after the header
    assert ml.classes == ["s", "gc-2", "gr-2", "gs-9"]
    hall_b = next(s for s in page.day("2027-03-12").sessions if s.title.startswith("Growing"))
    assert hall_b.classes == ["s", "gc-4", "gr-14", "gs-12"]  # 10:00 is 12 rows after 09:00, 60 minutes
    assert page.ids["results"]["class"] == "schedule cal"
    assert re.search(r'data-day="2027-03-12" aria-current="date"', html)
    # the form keeps the calendar state for a search without JavaScript
    assert '<input type="hidden" name="mode" value="calendar">' in html
    assert '<input type="hidden" name="day" value="2027-03-12">' in html


async def test_header_links_languages_and_abstracts(client, db):
    conf = await seed_conference(db)
    identifier = conf.event.identifier
    response, page = await get_page(client, identifier)
    html = response.text
    assert page.texts["h1"] == "FOSSASIA Summit 2027"
    assert "11–13 March 2027 · Lifelong Learning Institute, Singapore" in html
    assert f'href="/v1/events/{identifier}.ics"' in html
    for extension in ("ics", "xcal", "xml", "json"):
        assert f'href="/e/{identifier}/schedule.{extension}"' in html
    languages = re.findall(r'<option value="([^"]*)"', html[html.index('id="lang"'):])
    assert languages == ["", "Bahasa Indonesia", "English", "German", "Hindi"]
    # The long abstract is cut at a word with an ellipsis; the rest waits behind a button.
    start = html.index("Running Kubernetes Operators")
    article = html[start:html.index("</article>", start)]
    head = LONG_ABSTRACT[:180].rsplit(" ", 1)[0]
    assert f'<p class="a">{head}<span class="ell">…</span><span class="more" hidden>' in article
    assert '<button type="button" class="tg" aria-expanded="false">Show more</button>' in article


async def test_static_assets_are_hashed_and_cached_for_a_year(client, db):
    conf = await seed_conference(db)
    response, page = await get_page(client, conf.event.identifier)
    urls = re.findall(r'(?:href|src)="(/static/web/[^"]+)"', response.text)
    assert len(urls) == 4  # schedule.css, favicon.svg, grid.css, schedule.js
    for url in urls:
        assert re.fullmatch(r"/static/web/[a-z]+\.[0-9a-f]{12}\.(css|js|svg)", url)
        asset = await client.get(url)
        assert asset.status_code == 200
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert asset.headers["content-encoding"] == "gzip"  # httpx asks for it and decodes it
    assert (await client.get("/static/web/schedule.000000000000.css")).status_code == 404
    assert response.headers["cache-control"] == "public, max-age=60"


async def test_page_for_1000_sessions_stays_under_300_kb_gzipped(client, db):
    event = await make_event(db)
    await seed_bulk(db, event, 1000)
    response = await client.get(f"/e/{event.identifier}/schedule", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    page = SchedulePage(response.text)
    assert len(page.all_sessions()) == 1000
    raw = response.content
    compressed = len(gzip.compress(raw, compresslevel=6))
    print(f"\nschedule page, 1000 sessions: {len(raw) / 1024:.0f} KB raw, {compressed / 1024:.0f} KB gzip")
    assert compressed < 300 * 1024
    # The server compresses too when asked.
    served = await client.get(f"/e/{event.identifier}/schedule", headers={"Accept-Encoding": "gzip"})
    assert served.headers["content-encoding"] == "gzip"
    assert int(served.headers["content-length"]) < 300 * 1024


async def test_query_count_does_not_grow_with_the_programme(client, db, count_queries):
    small = await make_event(db)
    await seed_bulk(db, small, 5, rooms=2, tracks=2, seed=1)
    large = await make_event(db)
    await seed_bulk(db, large, 50, rooms=5, tracks=4, seed=2)
    counts = []
    for event in (small, large):
        with count_queries() as counter:
            response = await client.get(f"/e/{event.identifier}/schedule")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 4, counts


async def test_event_and_session_links_of_the_exports_lead_to_the_schedule(client, db):
    conf = await seed_conference(db)
    identifier = conf.event.identifier
    session_id = conf.sessions["Closing Keynote"].id
    response = await client.get(f"/e/{identifier}")
    assert response.status_code == 302 and response.headers["location"] == f"/e/{identifier}/schedule"
    response = await client.get(f"/e/{identifier}/session/{session_id}")
    assert response.status_code == 302
    assert response.headers["location"] == f"/e/{identifier}/schedule#s{session_id}"
    _, page = await get_page(client, identifier)
    assert f"s{session_id}" in page.ids
