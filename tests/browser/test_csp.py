"""The Content Security Policy, enforced in Chromium.

Every browser test already fails on a violation (tests/browser/conftest.py). These tests check
that the watch sees one, and go through what the journeys do not: every link of the site's
header and footer and of the staff console, the language switcher (links since issue #19),
htmx without eval, and the Django admin at work.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from accounts.roles import Role
from tests.browser.conftest import PHONE
from tests.factories import StoreFactory, UserFactory
from tests.factories.catalog import AuthorFactory, ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"viewport": {"width": 1280, "height": 900}, "has_touch": True}
LINKS = """(selector) => Array.from(document.querySelectorAll(selector))
  .map((a) => new URL(a.href, location.href))
  .filter((url) => url.origin === location.origin)
  .map((url) => url.pathname + url.search)"""


def with_session(new_page, live_server, user, **device):
    page = new_page(**device)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def visit_all(page, paths):
    """Open each path; every one answers (the policy is checked after the test)."""
    for path in dict.fromkeys(paths):
        response = page.goto(path)
        assert response is not None and response.status < 500, path
        page.wait_for_load_state("load")


@pytest.fixture
def shelf(db):
    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    author = AuthorFactory(name="José María Arguedas")
    book = ProductFactory(title="Los ríos profundos", authors=[author])
    stock_up(store, book, 5)
    return store, author, book


def test_the_watch_catches_what_the_policy_refuses(phone, csp_violations):
    phone.goto("/")
    phone.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ranInline = true";
          document.body.append(script);
          document.body.setAttribute("style", "background: red");
          const button = document.createElement("button");
          button.setAttribute("onclick", "window.ranHandler = true");
          document.body.append(button);
          button.click();
        }"""
    )

    seen = csp_violations.seen()
    # Enforced, not only reported: nothing inline ran.
    assert phone.evaluate("window.ranInline === undefined && window.ranHandler === undefined")
    assert any(line.startswith("script-src-elem refused inline") for line in seen), seen
    assert any(line.startswith("script-src-attr refused inline") for line in seen), seen
    assert any(line.startswith("style-src-attr refused inline") for line in seen), seen
    csp_violations.clear()  # provoked on purpose: the test itself passes


def test_the_language_switcher_changes_language_without_inline_code(phone):
    """Links, not a form (issue #19: a cached page carries no CSRF token), back to the page."""
    phone.goto("/tiendas/")
    expect(phone.locator("html")).to_have_attribute("lang", "es")

    phone.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()

    expect(phone.locator("html")).to_have_attribute("lang", "en")
    assert phone.url.endswith("/tiendas/")
    phone.get_by_role("navigation", name="Language").get_by_role("link").click()
    expect(phone.locator("html")).to_have_attribute("lang", "es")


def test_htmx_searches_as_you_type_without_eval_or_injected_styles(phone, shelf):
    phone.goto("/")
    assert phone.evaluate("htmx.config.allowEval") is False
    assert phone.evaluate("htmx.config.includeIndicatorStyles") is False

    phone.locator("#header-q").fill("ríos")

    expect(phone.locator("#search-suggestions")).to_contain_text("Los ríos profundos")
    # htmx added no <style> of its own: its indicator rules come from site.css.
    assert phone.evaluate("document.querySelectorAll('style').length") == 0
    hidden = """() => {
      const span = Object.assign(document.createElement("span"), {className: "htmx-indicator"});
      document.body.append(span);
      return getComputedStyle(span).visibility;
    }"""
    assert phone.evaluate(hidden) == "hidden"


def test_every_page_linked_from_the_header_and_footer(new_page, live_server, shelf, user):
    store, author, book = shelf
    visitor = new_page(**PHONE)
    visitor.goto("/")
    paths = visitor.evaluate(LINKS, "header a, footer a, main a")
    paths += [
        book.get_absolute_url(),
        author.get_absolute_url(),
        "/buscar/?q=arguedas",
        "/cuenta/login/",
        "/cuenta/signup/",
        "/cuenta/password/reset/",
        "/no-existe-esta-pagina/",
    ]
    visit_all(visitor, paths)

    page = with_session(new_page, live_server, user, **PHONE)
    page.goto("/")
    visit_all(page, page.evaluate(LINKS, "header a, footer a, main a"))


def test_every_tool_of_the_staff_console(new_page, live_server, shelf):
    store, _author, _book = shelf
    manager = UserFactory(
        email="gerente@librospepito.pe", first_name="Ana", role=Role.STORE_MANAGER, store=store
    )
    page = with_session(new_page, live_server, manager, **TABLET)
    page.goto("/tienda/")
    tools = page.evaluate(LINKS, ".staff-console a")
    assert len(tools) >= 3
    for tool in tools:
        page.goto(tool)
        # Each tool's sub-tabs and the links of its page (an order, a transfer, a count).
        visit_all(page, [tool, *page.evaluate(LINKS, ".staff-console a, main a")[:12]])


def test_the_admin_works_under_the_policy(new_page, live_server, superuser):
    from allauth.account.models import EmailAddress

    # The admin logs in through allauth (secure_admin_login), which wants a verified address.
    EmailAddress.objects.create(user=superuser, email=superuser.email, verified=True, primary=True)
    page = new_page(**TABLET)
    page.goto("/admin/")
    page.get_by_label(re.compile("Correo|Email", re.I)).fill(superuser.email)
    page.get_by_label(re.compile("Contraseña|Password", re.I)).fill("x-admin-2026")
    page.get_by_role("button", name=re.compile("Iniciar sesión|Log in", re.I)).click()
    expect(page.locator("#site-name")).to_be_visible()

    # An author: the slug is filled in by the admin's own script as the name is typed.
    page.goto("/admin/catalog/author/add/")
    page.locator("#id_name").press_sequentially("Blanca Varela")
    expect(page.locator("#id_slug")).to_have_value("blanca-varela")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    # A product: the genre picker (SelectFilter), the publisher autocomplete, the authors inline
    # with its "add another" link and the collapsed fieldset all run from static scripts.
    page.goto("/admin/catalog/product/add/")
    expect(page.locator("#id_genres_filter")).to_be_visible()
    page.locator(".add-row a").first.click()
    page.locator("fieldset.collapse summary, fieldset.collapse .collapse-toggle").first.click()
    page.goto("/admin/catalog/product/")
    page.goto("/admin/orders/order/")
    expect(page.locator("#changelist")).to_be_visible()
