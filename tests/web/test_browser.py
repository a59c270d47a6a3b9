"""The schedule page in a real headless Chromium (Playwright), against a real uvicorn server.

Needs Debian's `chromium` (/usr/bin/chromium) and `pip install playwright` (no browser
download). Without them these tests skip, except under CI=true where they fail.
SQLite only: the server runs in a thread on a seeded database file.
Screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from openevent.app import create_app
from openevent.core.db import Base
from openevent.core.settings import Settings

from ..conftest import IN_CI, TEST_SECRET
from .factories import DAYS, programme_titles, seed_conference

CHROMIUM = os.environ.get("OPENEVENT_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
IDENTIFIER = "summit27"


def _require_browser():
    problems = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright package is not installed (pip install playwright)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        problems.append(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if problems:
        message = "Browser tests skipped: " + "; ".join(problems)
        if IN_CI:
            pytest.fail("CI requires the browser tests. " + message, pytrace=False)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A uvicorn server in a background thread on a seeded SQLite database; yields its base URL."""
    _require_browser()
    import uvicorn

    data_dir = tmp_path_factory.mktemp("browser")
    port = _free_port()
    settings = Settings.from_env(data_dir=data_dir, database_url=f"sqlite+aiosqlite:///{data_dir / 'db.sqlite3'}",
                                 secret_key=TEST_SECRET, base_url=f"http://127.0.0.1:{port}")

    async def seed():
        app = create_app(settings)
        async with app.state.engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        async with app.state.sessionmaker() as db:
            conf = await seed_conference(db, identifier=IDENTIFIER)
            ids = {"tracks": {n: str(t.id) for n, t in conf.tracks.items()},
                   "rooms": {n: str(r.id) for n, r in conf.rooms.items()}}
        await app.state.engine.dispose()
        return ids

    ids = asyncio.run(seed())
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", **ids}
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, server):
    """open_page(query="", viewport=PHONE) -> a Playwright page; fails the test on any console error."""
    contexts, errors = [], []

    def opener(query: str = "", viewport=PHONE):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{server['url']}/e/{IDENTIFIER}/schedule{query}")
        page.wait_for_function("document.documentElement.classList.contains('js')")
        return page

    yield opener
    for context in contexts:
        context.close()
    assert errors == [], errors  # includes CSP violations and script errors


def visible_titles(page) -> list[str]:
    return page.eval_on_selector_all(
        "article.s", "els => els.filter(e => e.checkVisibility()).map(e => e.querySelector('h3').textContent)")


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def search(page, text: str) -> None:
    box = page.locator("#q")
    box.fill("")
    box.press_sequentially(text, delay=15)


def test_search_as_you_type(open_page):
    page = open_page()
    assert visible_titles(page) == programme_titles()
    assert page.locator("#count").inner_text() == "14 sessions."
    shot(page, "phone-list")

    search(page, "kube")  # a title word (and an organisation: Kubeflow Labs)
    assert visible_titles(page) == ["Running Kubernetes Operators in Production",
                                    "Machine Learning Pipelines on Kubeflow", "Zero-Downtime Database Migrations"]
    assert params(page) == {"q": ["kube"]}
    assert page.locator("#count").inner_text() == "3 of 14 sessions match."

    search(page, "Red Hat")  # an organisation
    assert visible_titles(page) == ["Running Kubernetes Operators in Production", "Zero-Downtime Database Migrations"]
    search(page, "COMMUNITY MANAGER")  # a position, in any case
    assert visible_titles(page) == ["Opening of the Summit", "Late Night Hacking Social",
                                    "Growing Open Source Communities in Asia", "Closing Keynote"]
    search(page, "source comm")  # contiguous text across words matches ...
    assert visible_titles(page) == ["Growing Open Source Communities in Asia"]
    search(page, "comm source")  # ... the same words in another order do not
    assert visible_titles(page) == []

    none = page.locator("#none")
    search(page, "xyzzy plugh")
    assert visible_titles(page) == []
    assert none.is_visible() and none.inner_text() == "No matching results found."
    assert none.evaluate("e => e.closest('[aria-live]') !== null")
    assert page.locator("section.day:visible").count() == 0
    shot(page, "phone-no-results")

    search(page, "gitops")
    assert not none.is_visible()
    assert visible_titles(page) == ["GitOps for Small Teams"]
    page.locator("#q").fill("")
    assert len(visible_titles(page)) == 14
    assert params(page) == {}


def test_track_room_and_language_filters_update_the_url(open_page, server):
    page = open_page()
    page.select_option("#track", label="Open Hardware")
    assert visible_titles(page) == ["Solder your first Badge", "Open Hardware Certification Explained"]
    assert params(page) == {"track": [server["tracks"]["Open Hardware"]]}

    page.select_option("#track", value="")
    page.select_option("#room", label="Hall B")
    search(page, "data")
    assert visible_titles(page) == ["Feature Stores without Tears", "Zero-Downtime Database Migrations"]
    assert params(page) == {"q": ["data"], "room": [server["rooms"]["Hall B"]]}

    page.select_option("#room", value="")
    page.locator("#q").fill("")
    assert page.eval_on_selector_all("#lang option", "os => os.map(o => o.textContent)") == [
        "All", "Bahasa Indonesia", "English", "German", "Hindi"]
    page.select_option("#lang", label="Hindi")
    assert visible_titles(page) == ["Observability on a Budget"]

    # The URL is shareable: loading it renders the same state (server side and script).
    shared = open_page(urlsplit(page.url).query and "?" + urlsplit(page.url).query)
    assert shared.locator("#lang").input_value() == "Hindi"
    assert visible_titles(shared) == ["Observability on a Budget"]


def test_calendar_mode_day_switcher_and_history(open_page, server):
    page = open_page(viewport=DESKTOP)
    shot(page, "desktop-list")
    page.get_by_role("link", name="Calendar", exact=True).click()
    assert params(page) == {"mode": ["calendar"], "day": [DAYS[0]]}
    assert visible_titles(page) == programme_titles(0)
    assert page.locator("section.day:visible").count() == 1
    heads = page.locator("#d-2027-03-11 .rh")
    assert heads.all_inner_texts() == ["Auditorium", "Hall A", "Hall B", "Workshop Room"]
    # Sessions sit in their room's column and lower down the later they start.
    box = {t: page.locator("article.s", has_text=t).first.bounding_box() for t in programme_titles(0)}
    room_x = {name: heads.nth(i).bounding_box()["x"] for i, name in
              enumerate(["Auditorium", "Hall A", "Hall B", "Workshop Room"])}
    assert abs(box["Running Kubernetes Operators in Production"]["x"] - room_x["Hall A"]) < 8
    assert abs(box["Feature Stores without Tears"]["x"] - room_x["Hall B"]) < 8
    assert box["Opening of the Summit"]["y"] < box["Running Kubernetes Operators in Production"]["y"]
    assert box["Solder your first Badge"]["height"] == pytest.approx(3 * box["Opening of the Summit"]["height"], abs=6)
    shot(page, "desktop-calendar")

    page.get_by_role("link", name="Fri 12 Mar").click()
    assert params(page) == {"mode": ["calendar"], "day": [DAYS[1]]}
    assert visible_titles(page) == programme_titles(1)
    assert page.get_by_role("link", name="Fri 12 Mar").get_attribute("aria-current") == "date"

    search(page, "open")
    assert visible_titles(page) == ["Growing Open Source Communities in Asia", "Open Hardware Certification Explained"]
    assert page.locator(".days a").all_inner_texts() == ["Thu 11 Mar (3)", "Fri 12 Mar (2)", "Sat 13 Mar (0)"]
    assert params(page) == {"q": ["open"], "mode": ["calendar"], "day": [DAYS[1]]}

    page.go_back()  # pushState per day switch: back returns to the first day
    assert params(page)["day"] == [DAYS[0]]
    assert page.locator("section.day:visible").get_attribute("id") == "d-2027-03-11"
    page.get_by_role("link", name="List", exact=True).click()
    assert params(page) == {}
    assert len(visible_titles(page)) == 14

    phone = open_page("?mode=calendar&day=2027-03-11")
    shot(phone, "phone-calendar")
    assert phone.locator("#d-2027-03-11 .grid").get_attribute("tabindex") == "0"  # scrollable by keyboard


def test_a_shared_url_opens_in_that_state(open_page):
    page = open_page("?q=red+hat&mode=calendar&day=2027-03-13")
    assert page.locator("#q").input_value() == "red hat"
    assert visible_titles(page) == ["Zero-Downtime Database Migrations"]
    assert page.get_by_role("link", name="Calendar", exact=True).get_attribute("aria-current") == "page"
    assert page.locator(".days a").all_inner_texts() == ["Thu 11 Mar (1)", "Fri 12 Mar (0)", "Sat 13 Mar (1)"]
    current = page.locator(".days a[aria-current]").bounding_box()
    assert current["x"] >= 0 and current["x"] + current["width"] <= PHONE["width"]  # scrolled into view


def test_keyboard_abstract_toggle_and_focus(open_page):
    page = open_page()
    focused = []
    for _ in range(5):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert focused == ["Skip to the sessions", "Add to calendar", "Downloads", "q", "track"]
    skip = page.locator(".skip")
    assert skip.bounding_box()["y"] < 0  # off screen until focused
    skip.focus()
    assert skip.bounding_box()["y"] >= 0
    summary = page.locator(".links summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Pentabarf XML export").is_visible()
    page.locator("#q").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus ring

    article = page.locator("article.s", has_text="Running Kubernetes Operators")
    more = article.locator(".more")
    button = article.locator("button.tg")
    assert button.inner_text() == "Show more"
    assert not more.is_visible() and article.locator(".ell").is_visible()
    button.focus()
    page.keyboard.press("Enter")
    assert more.is_visible() and not article.locator(".ell").is_visible()
    assert button.get_attribute("aria-expanded") == "true" and button.inner_text() == "Show less"
    page.keyboard.press("Space")
    assert not more.is_visible() and button.get_attribute("aria-expanded") == "false"
    shot(page, "phone-focus")


def test_without_javascript_the_form_and_links_still_work(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server['url']}/e/{IDENTIFIER}/schedule")
        assert page.get_by_role("button", name="Search").is_visible()
        page.locator("#q").fill("red hat")
        page.locator("#q").press("Enter")
        page.wait_for_url("**q=red+hat**")
        assert visible_titles(page) == ["Running Kubernetes Operators in Production",
                                        "Zero-Downtime Database Migrations"]
        page.get_by_role("link", name="Calendar", exact=True).click()
        page.wait_for_url("**mode=calendar**")
        assert params(page) == {"q": ["red hat"], "mode": ["calendar"], "day": [DAYS[0]]}
        assert visible_titles(page) == ["Running Kubernetes Operators in Production"]
        page.get_by_role("link", name="Sat 13 Mar").click()
        page.wait_for_url("**day=2027-03-13**")
        assert visible_titles(page) == ["Zero-Downtime Database Migrations"]
        page.locator("#q").fill("xyzzy")
        page.locator("#q").press("Enter")
        page.wait_for_url("**q=xyzzy**")
        assert params(page)["mode"] == ["calendar"]  # the form keeps the mode and day
        assert page.locator("#none").is_visible()
        shot(page, "phone-no-js-calendar")
    finally:
        context.close()
