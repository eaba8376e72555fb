"""The URL walker: every URL pattern of the project, read from the resolver (a new page is covered
the day it is added), is requested with hostile values in each path segment and in every known
query and form parameter, as anonymous, customer, clerk and superuser, by GET and by POST. Any 5xx
fails the test, with the request and the exception that caused it.

The known parameters are the names the code reads (`request.GET.get("x")`, `request.POST["x"]`,
form fields) plus every field name of our models (so the admin's forms get them too). Each request
puts one corpus value in all of them at once; see url_walker_corpus.py for the values and why.

Run it on PostgreSQL too: NUL is only refused there.
"""

import logging
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from accounts.roles import Role
from loyalty import services as loyalty
from tests.config.url_walker_corpus import (
    ADMIN_PARAMETER_VALUES,
    ADMIN_SEGMENT_VALUES,
    EXTRA_PARAMETERS,
    PARAMETER_VALUES,
    SEGMENT_VALUES,
)
from tests.factories import (
    AddressFactory,
    AuthorFactory,
    ConversationFactory,
    OrderFactory,
    ProductFactory,
    UserFactory,
)
from tests.factories.inventory import stock_up

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = ["accounts", "catalog", "chat", "crm", "ebooks", "insights", "inventory", "loyalty"]
OUR_APPS += ["orders", "outbox", "shop", "config", "core"]
# Patterns not worth walking: the webhook answers 400 to anything unsigned (tested with signed
# events in tests/orders). Media (served in development) is walked: traversal must stay a 404.
SKIP_NAMES = {"stripe_webhook"}

PARAMETER_RE = re.compile(r"""(?:GET|POST|data)(?:\.get|\.getlist|\[)\(?["']([A-Za-z_]\w*)["']""")
FIELD_RE = re.compile(r"""^\s+([a-z_]\w*) = forms\.\w+Field""", re.MULTILINE)
TEMPLATE_NAME_RE = re.compile(r"""name="([A-Za-z_][\w-]*)\"""")


def known_parameters() -> list[str]:
    names = set(EXTRA_PARAMETERS)
    for app in OUR_APPS:
        for source in (ROOT / app).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            names.update(PARAMETER_RE.findall(text))
            names.update(FIELD_RE.findall(text))
    for template in (ROOT / "templates").rglob("*.html"):
        names.update(TEMPLATE_NAME_RE.findall(template.read_text(encoding="utf-8")))
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            names.update(field.name for field in model._meta.concrete_fields)
    names -= {"csrfmiddlewaretoken", "id"}
    return sorted(names)


def url_patterns():
    """(route parts, pattern): route parts is a list of ("literal", text) and ("convert", name,
    converter) in order, whatever nesting of include() produced it."""

    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            parts = prefix + split(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry, parts)
            elif isinstance(entry, URLPattern):
                yield parts, entry

    yield from walk(get_resolver(), [])


ROUTE_RE = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
GROUP_RE = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def split(pattern):
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        parts, last = [], 0
        for match in ROUTE_RE.finditer(text):
            parts.append(("literal", text[last : match.start()]))
            parts.append(("convert", match["name"], match["converter"] or "str"))
            last = match.end()
        parts.append(("literal", text[last:]))
        return parts
    assert isinstance(pattern, RegexPattern)
    text = text.lstrip("^").rstrip("$").replace("\\", "")
    parts, last = [], 0
    for match in GROUP_RE.finditer(text):
        parts.append(("literal", text[last : match.start()]))
        parts.append(("convert", match["name"], "regex"))
        last = match.end()
    parts.append(("literal", text[last:]))
    return parts


def build(parts, fill) -> str:
    path = "/"
    for part in parts:
        if part[0] == "literal":
            path += part[1]
        else:
            path += quote(fill(part[1], part[2]), safe="%")
    return path


@pytest.fixture
def world(miraflores, arequipa, clerk, superuser):
    """One of each thing a path names, owned by the acting customer and the clerk's store, and
    another of each owned by someone else (another customer, another store)."""
    book = ProductFactory(title="La ciudad y los perros")
    other_book = ProductFactory(title="Conversación en La Catedral")
    author = AuthorFactory()
    mine = stock_up(miraflores, book, 5)
    theirs = stock_up(arequipa, other_book, 5)
    customer = UserFactory(email="luis@example.pe")
    stranger = UserFactory(email="otra@example.pe")
    order = OrderFactory(customer=customer.customer, store=miraflores, lines=[(book, 1)])
    other_order = OrderFactory(customer=stranger.customer, store=arequipa, lines=[(other_book, 1)])
    address = AddressFactory(customer=customer.customer)
    other_address = AddressFactory(customer=stranger.customer)
    conversation = ConversationFactory(active=True, clerk=clerk)
    other_clerk = UserFactory(email="otro@librospepito.pe", store=arequipa, role=Role.CLERK)
    other_conversation = ConversationFactory(active=True, clerk=other_clerk)
    # Club Pepito accounts: the managers' pages are walked with a real card number.
    account = loyalty.join(customer.customer, accepted_terms=True)
    other_account = loyalty.join(stranger.customer, accepted_terms=True)
    valid = {
        "slug": book.slug,
        "product_id": str(book.pk),
        "number": order.number,
        "pk": str(address.pk),
        "customer_id": str(customer.customer.pk),
        "conversation_id": str(conversation.pk),
        "item_id": str(mine.pk),
        "object_id": str(order.pk),
        "action": "enviar",
        "account_number": account.number,
    }
    other = {
        "slug": other_book.slug,
        "product_id": str(other_book.pk),
        "number": other_order.number,
        "pk": str(other_address.pk),
        "customer_id": str(stranger.customer.pk),
        "conversation_id": str(other_conversation.pk),
        "item_id": str(theirs.pk),
        "object_id": str(other_order.pk),
        "account_number": other_account.number,
    }
    valid_by_converter = {"slug": author.slug, "int": "1", "str": "1", "path": "1"}
    return {
        "users": {
            "anonymous": None,
            "customer": customer,
            "clerk": clerk,
            "superuser": superuser,
        },
        "valid": valid,
        "other": other,
        "valid_by_converter": valid_by_converter,
        "store": miraflores,
    }


class Walker:
    def __init__(self, client):
        self.client = client
        self.requests = 0
        self.failures: list[str] = []
        self.refused_methods: set[str] = set()  # of the pattern being walked (405 answers)

    def start_pattern(self):
        self.refused_methods = set()

    def send(self, method: str, path: str, data: dict | None = None):
        # A view that answered 405 to a method refuses it before reading the path or any
        # parameter: do not ask again for this pattern (keeps the walk within minutes).
        if method in self.refused_methods:
            return
        self.requests += 1
        # Each request in a savepoint rolled back afterwards: the world stays the same for the
        # next request, and a database error cannot poison the test's transaction.
        savepoint = transaction.savepoint()
        try:
            if method == "GET":
                response = self.client.get(path, data or {})
            else:
                response = self.client.post(path, data or {})
        finally:
            transaction.savepoint_rollback(savepoint)
        if response.status_code == 405:
            self.refused_methods.add(method)
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            cause = f"{exc[0].__name__}: {str(exc[1])[:200]}" if exc else ""
            shown = {k: v[:40] for k, v in (data or {}).items()} if data else ""
            self.failures.append(
                f"{response.status_code} {method} {path[:200]} "
                f"{str(shown)[:160] if shown else ''} {cause}"
            )


def walk(world, role, settings, *, admin: bool | None = None):
    """Walk every pattern as `role` (admin=True: only the admin's patterns; False: all others)."""
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    # Thousands of 404s and 405s are the expected answers; do not log each one.
    for name in ("django.request", "django.security"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    client = Client(raise_request_exception=False)
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    walker = Walker(client)
    parameters = known_parameters()
    patterns = list(url_patterns())
    walked = 0

    def valid_fill(name, converter):
        return world["valid"].get(name) or world["valid_by_converter"].get(converter, "1")

    for parts, pattern in patterns:
        route = "".join(p[1] if p[0] == "literal" else f"<{p[1]}>" for p in parts)
        if pattern.name in SKIP_NAMES:
            continue
        is_admin = route.startswith("admin/")
        if admin is not None and is_admin != admin:
            continue
        if is_admin and role != "superuser":
            # Everyone else is sent to the admin login before any parameter is read.
            walker.send("GET", build(parts, valid_fill))
            continue
        walked += 1
        walker.start_pattern()
        converters = [p for p in parts if p[0] == "convert"]
        # 1. Hostile path segments, one converter at a time.
        for part in converters:
            values = SEGMENT_VALUES.get(part[2], SEGMENT_VALUES["str"])
            for value in ADMIN_SEGMENT_VALUES if is_admin else values:
                if value is None:
                    value = world["other"].get(part[1])
                    if value is None:
                        continue

                def fill(name, converter, _target=part[1], _value=value):
                    return _value if name == _target else valid_fill(name, converter)

                path = build(parts, fill)
                walker.send("GET", path)
                walker.send("POST", path)
        # 2. A valid path with every known parameter set to one hostile value.
        path = build(parts, valid_fill)
        for value in ADMIN_PARAMETER_VALUES if is_admin else PARAMETER_VALUES:
            data = dict.fromkeys(parameters, value)
            walker.send("GET", path, data)
            walker.send("POST", path, data)

    print(
        f"\nURL walker ({role}{' in the admin' if admin else ''}): {len(patterns)} URL patterns, "
        f"{walked} walked with the corpus, "
        f"{walker.requests} requests, {len(walker.failures)} answered 5xx"
    )
    assert not walker.failures, "\n".join(walker.failures[:60])
