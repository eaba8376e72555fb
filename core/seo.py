"""What search engines and link previews read in a page's head: its description, canonical
URL, Open Graph / Twitter card and schema.org JSON-LD (templates/base.html, block `meta`).

Views build a `PageMeta` from what they already loaded (no query of its own) and pass it as
`seo`. URLs are absolute from `SITE_URL`, never from the request's Host: a page kept by the
page cache (config/pagecache.py) or shared on WhatsApp names the site's one address.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

DESCRIPTION_LENGTH = 160  # what a results page shows before cutting
DEFAULT_IMAGE = "img/og-libros-pepito.png"  # 1200×630, for pages (and books) without a photo
# Inside <script type="application/ld+json">: "</script>" or "<!--" in a title must not end
# the block (as django.utils.html.json_script escapes).
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(url: str) -> str:
    """`url` on SITE_URL ("/libros/x/" -> "https://librospepito.pe/libros/x/"); a URL that is
    already absolute (covers on a CDN) stays as it is."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url if url.startswith('/') else '/' + url}"


def canonical(path: str, params: Iterable[tuple[str, object]] = ()) -> str:
    """The absolute URL of `path` with `params` in the order given, empty values left out
    (callers pass the checked filters in one fixed order: one page, one address)."""
    kept = [(key, str(value)) for key, value in params if value not in (None, "", False)]
    query = urlencode(kept)
    return absolute(path) + (f"?{query}" if query else "")


def describe(text: str, *, length: int = DESCRIPTION_LENGTH) -> str:
    """One line of plain text, cut on a word: a synopsis or a biography as a description."""
    plain = " ".join(strip_tags(text or "").split())
    return Truncator(plain).chars(length)


def breadcrumbs(trail: Iterable[tuple[str, str]]) -> dict:
    """schema.org BreadcrumbList of (name, path) from the home page down."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(url)}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def json_ld(data: Mapping | list) -> SafeString:
    """One `<script type="application/ld+json">` block. Data, not code: the Content Security
    Policy's script-src does not apply to it (browsers never run it), so it needs no nonce."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@dataclass
class PageMeta:
    title: str  # og:title and twitter:title (without the site's name)
    description: str
    canonical: str = ""  # absolute (see `canonical`)
    image: str = ""  # absolute; the site's card when empty
    image_alt: str = ""
    type: str = "website"  # og:type: "book" on a product page
    structured: list[dict] = field(default_factory=list)  # JSON-LD objects

    def __post_init__(self):
        self.description = describe(self.description)
        if not self.image:
            self.image = absolute(static(DEFAULT_IMAGE))

    @property
    def json_ld(self) -> SafeString:
        return mark_safe("".join(json_ld(data) for data in self.structured))
