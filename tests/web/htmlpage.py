"""A small reader of the rendered schedule page (stdlib html.parser), for assertions."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class RenderedSession:
    id: str
    day: str
    hidden: bool
    classes: list[str]
    title: str = ""
    meta: str = ""
    speakers: str = ""


@dataclass
class RenderedDay:
    key: str
    hidden: bool
    heading: str = ""
    sessions: list[RenderedSession] = field(default_factory=list)

    def titles(self, *, visible_only: bool = True) -> list[str]:
        return [s.title for s in self.sessions if not (visible_only and s.hidden)]


class SchedulePage(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.days: list[RenderedDay] = []
        self.ids: dict[str, dict[str, str | None]] = {}  # attributes of elements with an id
        self.scripts: list[dict[str, str | None]] = []
        self.texts: dict[str, str] = {}  # text of elements with an id (status, count, ...)
        self._capture: list[tuple[str, str, int]] = []  # (target, tag, depth)
        self._depth = 0
        self.feed(html)
        self.close()

    # -- queries ------------------------------------------------------------------------
    def day(self, key: str) -> RenderedDay:
        return next(d for d in self.days if d.key == key)

    def visible_titles(self) -> list[str]:
        return [s.title for d in self.days if not d.hidden for s in d.sessions if not s.hidden]

    def all_sessions(self) -> list[RenderedSession]:
        return [s for d in self.days for s in d.sessions]

    # -- parsing ------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in VOID:
            if "id" in a:
                self.ids[a["id"]] = a
            return
        self._depth += 1
        if "id" in a:
            self.ids[a["id"]] = a
        if tag == "script":
            self.scripts.append(a)
        if tag == "section" and "day" in (a.get("class") or "").split():
            self.days.append(RenderedDay(key=a["id"][2:], hidden="hidden" in a))
        elif tag == "article":
            self.days[-1].sessions.append(RenderedSession(id=a["id"], day=self.days[-1].key, hidden="hidden" in a,
                                                          classes=(a.get("class") or "").split()))
        targets = []
        if tag == "h2" and self.days:
            targets.append("day-heading")
        if tag == "h3":
            targets.append("title")
        if tag == "p" and a.get("class") == "m":
            targets.append("meta")
        if tag == "ul" and a.get("class") == "sp":
            targets.append("speakers")
        if tag in {"p", "h1", "title"} and "id" in a or tag in {"h1", "title"}:
            targets.append("id:" + (a.get("id") or tag))
        for target in targets:
            self._capture.append((target, tag, self._depth))

    def handle_endtag(self, tag):
        self._capture = [c for c in self._capture if not (c[1] == tag and c[2] == self._depth)]
        self._depth -= 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data):
        for target, _tag, _depth in self._capture:
            if target == "day-heading":
                self.days[-1].heading += data
            elif target.startswith("id:"):
                key = target[3:]
                self.texts[key] = self.texts.get(key, "") + data
            else:
                session = self.days[-1].sessions[-1]
                setattr(session, target, getattr(session, target) + data)
