"""HTML sanitising of rich-text fields (allow-list, via nh3/ammonia).

Open Event's `Event.__setattr__` meant to allow links only in some fields but
its condition was always true (W32). Here each field says explicitly whether
links are allowed; everything outside the allow-list (scripts, styles, event
handler attributes, javascript: URLs) is removed.
"""

from __future__ import annotations

import nh3

BASE_TAGS = frozenset({
    "p", "br", "hr", "b", "strong", "i", "em", "u", "s", "strike", "sub", "sup", "small",
    "ul", "ol", "li", "blockquote", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "span", "div",
})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"


def clean_html(value: str | None, *, allow_links: bool) -> str | None:
    if value is None:
        return None
    if allow_links:
        return nh3.clean(value, tags=set(BASE_TAGS | {"a"}), attributes={"a": {"href", "title"}},
                         url_schemes=set(URL_SCHEMES), link_rel=LINK_REL)
    return nh3.clean(value, tags=set(BASE_TAGS), attributes={}, url_schemes=set(URL_SCHEMES))
