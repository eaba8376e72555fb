"""The staff console's shared navigation (templates/staff/base.html) and the context processor
that feeds it (config.context_processors.staff_console)."""

import lxml.html
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from accounts.models import User
from accounts.roles import Role
from config.context_processors import staff_console
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def miraflores(db):
    return StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")


@pytest.fixture
def arequipa(db):
    return StoreFactory(slug="arequipa", name="Libros Pepito Arequipa")


@pytest.fixture
def clerk(miraflores):
    return UserFactory(email="rosa@librospepito.pe", store=miraflores, role=Role.CLERK)


@pytest.fixture
def owner(miraflores):
    return UserFactory(email="pepito@librospepito.pe", role=Role.OWNER)


def _page(client, user, url, params=None):
    client.force_login(user)
    response = client.get(url, params or {})
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _console(html):
    (console,) = html.xpath('//div[@class="staff-console"]')
    return console


def _current(console):
    return [a.text_content().strip() for a in console.xpath('.//a[@aria-current="page"]')]


def _tabs(console):
    return [a.text_content().strip() for a in console.xpath("(.//nav)[1]/*")]


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/tienda/stock/", ["Stock", "Stock"]),
        ("/tienda/stock/conteo/", ["Stock", "Conteo"]),
        ("/tienda/stock/transferencias/", ["Stock", "Transferencias"]),
        ("/tienda/pedidos/", ["Pedidos", "Tablero"]),
        ("/tienda/pedidos/recojo/", ["Pedidos", "Recojo"]),
        ("/tienda/pedidos/nuevo/", ["Pedidos", "Pedido por teléfono"]),
        ("/tienda/chat/", ["Chat"]),
        ("/tienda/reparto/", ["Reparto"]),
        ("/tienda/reparto/caja/", ["Reparto"]),
        ("/tienda/", []),
    ],
)
def test_every_console_page_shows_the_tabs_with_the_current_one_marked(client, clerk, url, current):
    console = _console(_page(client, clerk, url))

    assert _tabs(console) == ["Stock", "Pedidos", "Reparto", "Chat", "Mostrador — muy pronto"]
    assert _current(console) == current
    # The tabs keep the store the page works on.
    assert console.xpath('.//a[text()="Pedidos"]/@href') == ["/tienda/pedidos/?tienda=miraflores"]


def test_a_clerk_sees_the_store_name_and_no_picker(client, clerk):
    html = _page(client, clerk, "/tienda/pedidos/")
    console = _console(html)

    assert not console.xpath(".//form[@data-store-picker]")
    assert console.xpath('.//p[@class="muted staff-store"]')[0].text == "Libros Pepito Miraflores"
    assert not html.xpath("//*[@onchange and @name='tienda']")


def test_the_owner_picks_any_active_store_with_the_current_one_selected(
    client, owner, miraflores, arequipa
):
    StoreFactory(slug="cerrada", name="Libros Pepito Cerrada", is_active=False)

    html = _page(client, owner, "/tienda/pedidos/recojo/", {"tienda": "arequipa"})
    (picker,) = _console(html).xpath(".//form[@data-store-picker]")

    assert picker.get("method") == "get" and picker.get("action") == "/tienda/pedidos/recojo/"
    assert picker.xpath(".//select[@name='tienda']/option/@value") == ["arequipa", "miraflores"]
    assert picker.xpath(".//option[@selected]/@value") == ["arequipa"]
    assert picker.xpath(".//noscript")  # the button for browsers without JavaScript
    assert picker.xpath(".//select/@onchange") == []  # staff.js submits it
    assert html.xpath("//script[contains(@src, 'js/staff.js')]")


def test_the_import_tab_only_with_the_import_permission(client, clerk, owner):
    def tabs(user):
        return _tabs(_console(_page(client, user, "/tienda/stock/")))

    assert "Importar catálogo" not in tabs(clerk)
    assert "Importar catálogo" in tabs(owner)

    clerk.user_permissions.add(Permission.objects.get(codename="import_catalog"))
    clerk = User.objects.get(pk=clerk.pk)  # a fresh permission cache
    assert "Importar catálogo" in tabs(clerk)
    console = _console(_page(client, clerk, "/tienda/catalogo/importar/"))
    assert _current(console) == ["Importar catálogo"]


def test_staff_css_is_linked_by_console_pages_only(client, clerk):
    def styles(url):
        return _page(client, clerk, url).xpath("//link[@rel='stylesheet']/@href")

    assert any(href.endswith("css/staff.css") for href in styles("/tienda/chat/"))
    assert not any(href.endswith("css/staff.css") for href in styles("/"))


def _request(user, path, **params):
    request = RequestFactory().get(path, params)
    request.user = User.objects.get(pk=user.pk)  # no cached roles nor store
    request.resolver_match = resolve(path)
    return request


def _evaluate(console):
    return console.store, console.can_pick_store, console.stores, console.picker_action


def test_the_processor_makes_the_same_number_of_queries_for_one_or_five_stores(owner, miraflores):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            store, can_pick, stores, _ = _evaluate(
                staff_console(_request(owner, "/tienda/stock/"))["staff_console"]
            )
        assert can_pick and store in stores
        return len(captured)

    one = queries()
    for n in range(4):
        StoreFactory(slug=f"otra-{n}")
    assert queries() == one


def test_the_processor_makes_no_store_list_query_for_a_clerk(clerk):
    console = staff_console(_request(clerk, "/tienda/pedidos/"))["staff_console"]
    user = console.request.user
    assert user.is_store_staff and user.store  # loaded by the staff check and the view already

    with CaptureQueriesContext(connection) as captured:
        store, can_pick, stores, _ = _evaluate(console)

    assert (store.slug, can_pick, stores) == ("miraflores", False, [])
    assert len(captured) == 0


def test_the_processor_never_raises_when_the_store_rules_refuse(clerk, arequipa):
    # Another store's slug: the view answers 403; the console shows no store and no picker.
    console = staff_console(_request(clerk, "/tienda/chat/", tienda="arequipa"))["staff_console"]
    assert (console.store, console.can_pick_store) == (None, False)

    storeless = UserFactory(email="sin.tienda@librospepito.pe", role=Role.CLERK)
    console = staff_console(_request(storeless, "/tienda/chat/"))["staff_console"]
    assert (console.store, console.can_pick_store, console.tool) == (None, False, "chat")


def test_the_processor_is_only_for_store_staff_on_console_urls(clerk, user):
    assert staff_console(_request(clerk, "/tiendas/")) == {}
    assert staff_console(_request(clerk, "/")) == {}
    assert staff_console(_request(user, "/tienda/stock/")) == {}  # a customer
    request = RequestFactory().get("/tienda/no-existe/")
    request.user = clerk
    assert staff_console(request) == {}  # no resolver_match (a 404)


def test_on_a_page_about_one_object_the_picker_goes_to_its_tab(owner):
    def action(path):
        return staff_console(_request(owner, path))["staff_console"].picker_action

    assert action("/tienda/pedidos/A1B2C3/") == "/tienda/pedidos/"
    assert action("/tienda/stock/7/ajustar/") == "/tienda/stock/"
    assert action("/tienda/stock/transferencias/") == "/tienda/stock/transferencias/"
    assert action("/tienda/pedidos/nuevo/12/") == "/tienda/pedidos/nuevo/12/"
