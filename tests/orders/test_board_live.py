"""The order board stays true on a clerk's tablet: the tab counts follow a move, a move from a
stale card says the order changed meanwhile, and the board redraws itself when orders change
(a cheap poll: 204 while nothing changed)."""

import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.middleware import LAST_SEEN_KEY
from orders.models import Order, OrderEvent
from tests.orders.staff_helpers import make_order

pytestmark = pytest.mark.django_db

S = Order.Status
BOARD = "/tienda/pedidos/"
POLL = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "board-orders"}


def tab_count(html: str, key: str) -> int:
    """The number shown on the tab `key` (activos, en_proceso, embalado, ..., cerrados)."""
    match = re.search(rf'data-count="{key}">(\d+)<', html)
    assert match, f"no tab {key}"
    return int(match.group(1))


def test_a_move_sends_the_new_tab_counts_out_of_band(clerk_client, miraflores):
    order = make_order(miraflores)
    make_order(miraflores)  # another one still in process

    response = clerk_client.post(
        f"{BOARD}{order.number}/avanzar/",
        {"to": "embalado", "desde": "en_proceso"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert f'id="order-{order.pk}"' in html
    tabs = html[html.index('id="board-tabs"') - 40 :]
    assert 'hx-swap-oob="true"' in tabs
    assert tab_count(tabs, "en_proceso") == 1
    assert tab_count(tabs, "embalado") == 1
    assert tab_count(tabs, "activos") == 2


def test_the_card_says_which_status_it_showed(clerk_client, miraflores):
    order = make_order(miraflores)
    html = clerk_client.get(BOARD).content.decode()
    card = html[html.index(f'id="order-{order.pk}"') :]
    assert 'name="desde" value="en_proceso"' in card[: card.index("</article>")]


def test_a_move_from_a_stale_card_says_the_order_changed_meanwhile(clerk_client, miraflores):
    # Another clerk packed it while this card still showed "En proceso".
    order = make_order(miraflores, status=S.PACKED)
    events = OrderEvent.objects.count()

    response = clerk_client.post(
        f"{BOARD}{order.number}/avanzar/",
        {"to": "embalado", "desde": "en_proceso"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert "de «Embalado» a «Embalado»" not in html
    assert "cambió mientras tanto" in html and "ahora está «Embalado»" in html
    assert 'role="alert"' in html
    assert 'value="listo_recoger"' in html  # the card is redrawn with today's next move
    order.refresh_from_db()
    assert order.status == S.PACKED and OrderEvent.objects.count() == events


def test_an_old_form_without_desde_repeating_the_move_is_stale_too(clerk_client, miraflores):
    order = make_order(miraflores, status=S.PACKED)
    response = clerk_client.post(
        f"{BOARD}{order.number}/avanzar/", {"to": "embalado"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "de «Embalado» a «Embalado»" not in html
    assert "cambió mientras tanto" in html


def test_a_move_from_a_card_of_an_order_annulled_meanwhile(clerk_client, miraflores):
    order = make_order(miraflores, status=S.CANCELLED)
    response = clerk_client.post(
        f"{BOARD}{order.number}/avanzar/", {"to": "embalado", "desde": "en_proceso"}, follow=True
    )
    html = response.content.decode()
    assert "cambió mientras tanto" in html and "ahora está «Anulado»" in html
    order.refresh_from_db()
    assert order.status == S.CANCELLED


def _poll_url(html: str) -> str:
    match = re.search(r'id="board-poll"[^>]*hx-get="([^"]+)"', html)
    assert match, "the board does not poll"
    assert 'hx-trigger="every ' in html
    return match.group(1).replace("&amp;", "&")


def test_the_board_poll_answers_204_until_an_order_arrives(clerk_client, miraflores):
    make_order(miraflores, contact_name="Ana Torres")
    url = _poll_url(clerk_client.get(BOARD).content.decode())

    with CaptureQueriesContext(connection) as quiet:
        response = clerk_client.get(url, **POLL)
    assert response.status_code == 204

    newcomer = make_order(miraflores, contact_name="Pedro Castillo")
    response = clerk_client.get(url, **POLL)
    assert response.status_code == 200
    html = response.content.decode()
    assert newcomer.number in html and "Pedro Castillo" in html
    assert html.lstrip().startswith('<section id="board-orders"')
    assert 'id="board-tabs" aria-label' in html and 'hx-swap-oob="true"' in html
    assert tab_count(html, "en_proceso") == 2
    # The redrawn list polls with the new version: quiet again until the next change.
    assert clerk_client.get(_poll_url(html), **POLL).status_code == 204
    assert len(quiet) <= 6  # session, user, store and one aggregate: no list is read


def test_a_poll_of_a_search_or_a_tab_keeps_its_filter(clerk_client, miraflores):
    packed = make_order(miraflores, status=S.PACKED)
    make_order(miraflores)
    url = _poll_url(clerk_client.get(BOARD, {"estado": "embalado"}).content.decode())
    assert "estado=embalado" in url
    make_order(miraflores)  # something changed
    html = clerk_client.get(url, **POLL).content.decode()
    assert packed.number in html
    assert html.count('class="card order-card') == 1


def test_the_poll_redraw_makes_constant_queries(clerk_client, miraflores):
    def redraw_queries():
        with CaptureQueriesContext(connection) as queries:
            response = clerk_client.get(BOARD, {"version": "old"}, **POLL)
        assert response.status_code == 200
        return len(queries)

    for _ in range(3):
        make_order(miraflores)
    few = redraw_queries()
    for _ in range(20):
        make_order(miraflores, status=S.PACKED)
    assert redraw_queries() == few


def test_a_poll_does_not_keep_an_idle_staff_session_alive(clerk_client, miraflores):
    session = clerk_client.session
    before = int(time.time()) - 10 * 60
    session[LAST_SEEN_KEY] = before
    session.save()

    clerk_client.get(BOARD, {"version": "x"}, HTTP_X_BACKGROUND_POLL="1", **POLL)
    assert clerk_client.session[LAST_SEEN_KEY] == before

    clerk_client.get(BOARD)  # the clerk at work
    assert clerk_client.session[LAST_SEEN_KEY] > before


def test_the_order_page_move_is_checked_against_the_status_it_showed(clerk_client, miraflores):
    order = make_order(miraflores)
    html = clerk_client.get(f"{BOARD}{order.number}/").content.decode()
    assert 'name="desde" value="en_proceso"' in html
    Order.objects.filter(pk=order.pk).update(status=S.PACKED)  # someone else packed it

    response = clerk_client.post(
        f"{BOARD}{order.number}/avanzar/",
        {"to": "embalado", "desde": "en_proceso", "volver": "detalle"},
        follow=True,
    )

    assert "cambió mientras tanto: ahora está «Embalado»" in response.content.decode()
