"""The customer's Club Pepito pages: /cuenta/puntos/ (balance, por confirmar, tier and progress,
history, expiry calendar, store credit, joining), the digital card and its manifest, the
programme's terms, the header badge and joining at sign-up."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from loyalty import services
from loyalty.models import LoyaltyAccount, PendingEarn, PointsEntry, Tier
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD
from tests.loyalty.helpers import assert_reconciles, give_points

pytestmark = pytest.mark.django_db

POINTS = "/cuenta/puntos/"
CARD = "/cuenta/puntos/tarjeta/"


@pytest.fixture
def tiers(db):
    return [
        Tier.objects.create(code="lector", name="Lector", position=1),
        Tier.objects.create(
            code="frecuente",
            name="Lector frecuente",
            min_spend_12m=Decimal("500"),
            earn_multiplier=Decimal("1.25"),
            position=2,
        ),
        Tier.objects.create(
            code="bibliofilo",
            name="Bibliófilo",
            min_spend_12m=Decimal("1500"),
            earn_multiplier=Decimal("1.5"),
            free_lima_delivery=True,
            position=3,
        ),
    ]


@pytest.fixture
def member(user, tiers, settings):
    settings.LOYALTY_SIGNUP_BONUS = 100
    account = services.join(user.customer, accepted_terms=True)
    LoyaltyAccount.objects.filter(pk=account.pk).update(spend_12m=Decimal("380.00"))
    return user


def _html(response):
    return lxml.html.fromstring(response.content.decode())


def _text(html, selector_id):
    (node,) = html.xpath(f'//*[@id="{selector_id}"]')
    return " ".join(node.text_content().split())


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (POINTS, CARD, CARD + "qr.svg"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/cuenta/login/?next=")


def test_a_member_sees_balance_pending_tier_progress_history_and_expiry(client, member):
    account = LoyaltyAccount.objects.get(customer=member.customer)
    soon = timezone.now() + timedelta(days=20)
    give_points(member.customer, 250, source="test:earn:1", expires_at=soon)
    with_order = give_points(member.customer, 40, source="test:earn:2")
    PointsEntry.objects.filter(source="test:earn:2").update(order_number="A1B2C3")
    PendingEarn.objects.create(order_id=99, order_number="Z9Y8X7", account=account, points=59)
    client.force_login(member)

    response = client.get(POINTS)

    assert response.status_code == 200
    html = _html(response)
    assert _text(html, "points-balance") == str(with_order.points_balance) == "390"
    assert "S/ 19.50" in _text(html, "points-summary")  # 390 × S/ 0.05
    assert "59 puntos por confirmar" in _text(html, "points-pending")
    assert _text(html, "tier-name") == "Lector"
    assert _text(html, "tier-missing") == "Te faltan S/ 120.00 para Lector frecuente."
    assert html.xpath('//progress[@class="tier-progress"]/@value') == ["76"]
    history = _text(html, "points-history")
    assert "Compra +40" in history and "Bono +100" in history
    assert html.xpath('//*[@id="points-history"]//a[@href="/pedidos/A1B2C3/"]')
    # The expiry calendar: the 250 points of the soon lot in their month, the rest a year on.
    expiry = _text(html, "points-expiry")
    month = timezone.localtime(soon).strftime("%m")
    assert "250" in expiry and "140" in expiry
    assert month  # the month's name is localised; the figures are what matter
    assert not html.xpath('//*[@id="join-club"]')
    assert_reconciles(account)


def test_a_pending_clawback_is_explained(client, member):
    LoyaltyAccount.objects.filter(customer=member.customer).update(clawback_points=35)
    client.force_login(member)

    text = _text(_html(client.get(POINTS)), "points-clawback")

    assert "35 puntos por descontar" in text
    assert "nunca queda en negativo" in text


def test_store_credit_balance_and_history(client, member):
    services.issue_credit(
        customer_id=member.customer.pk,
        amount=Decimal("25.50"),
        source="test:return:1",
        reason="Devolución de «La casa verde»",
    )
    client.force_login(member)

    html = _html(client.get(POINTS))

    assert _text(html, "credit-balance") == "S/ 25.50"
    assert "Devolución de «La casa verde»" in _text(html, "store-credit")


def test_the_history_is_paginated(client, member):
    for n in range(45):
        give_points(member.customer, 1, source=f"test:many:{n}")
    client.force_login(member)

    first = _html(client.get(POINTS))
    last = _html(client.get(POINTS, {"pagina": "3"}))
    junk = client.get(POINTS, {"pagina": "x" * 500})

    assert len(first.xpath('//article[contains(@class, "points-entry")]')) == 20
    assert len(last.xpath('//article[contains(@class, "points-entry")]')) == 6  # 46 in all
    assert "Página 1 de 3" in _text(first, "points-history")
    assert junk.status_code == 200


def test_the_points_page_makes_the_same_queries_for_few_or_many_rows(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    client.get(POINTS)  # the session and the user's caches warm

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(POINTS).status_code == 200
        return len(captured)

    few = count()
    account = LoyaltyAccount.objects.get(customer=member.customer)
    for n in range(30):
        give_points(
            member.customer,
            3,
            source=f"test:q:{n}",
            expires_at=timezone.now() + timedelta(days=31 * (n % 12) + 1),
        )
        PendingEarn.objects.create(order_id=1000 + n, account=account, points=2)
        services.issue_credit(
            customer_id=member.customer.pk, amount=Decimal("1"), source=f"test:c:{n}", reason="x"
        )
    assert count() == few
    with django_assert_num_queries(few) as captured:
        client.get(POINTS, {"pagina": "2"})
    # Account, tiers, por confirmar, history count and page, calendar, credit: the header
    # badge reuses the account instead of asking again.
    assert len([q for q in captured.captured_queries if "loyalty_" in q["sql"]]) == 7


def test_a_customer_who_has_not_joined_sees_the_terms_and_joins_once(client, user, tiers):
    client.force_login(user)

    html = _html(client.get(POINTS))
    assert "Únete al Club Pepito" in _text(html, "join-club")
    assert html.xpath('//a[@href="/club-pepito/"]')
    assert not LoyaltyAccount.objects.exists()  # looking does not create an account

    first = client.post(POINTS, {"accept_terms": "on"})
    second = client.post(POINTS, {"accept_terms": "on"})

    assert first.status_code == second.status_code == 302
    account = LoyaltyAccount.objects.get()
    assert account.customer == user.customer and account.terms_accepted_at
    assert account.entries.filter(kind=PointsEntry.Kind.BONUS).count() == 1
    assert assert_reconciles(account).points_balance == 100
    assert not _html(client.get(POINTS)).xpath('//*[@id="join-club"]')


def test_joining_without_accepting_the_terms_is_refused_in_spanish(client, user, tiers):
    client.force_login(user)

    response = client.post(POINTS, {})

    assert response.status_code == 400
    assert "Marca la casilla para aceptar los términos del Club Pepito." in (
        response.content.decode()
    )
    assert not LoyaltyAccount.objects.exists()


def test_the_digital_card_shows_the_number_and_its_qr(client, member):
    account = LoyaltyAccount.objects.get(customer=member.customer)
    client.force_login(member)

    response = client.get(CARD)
    html = _html(response)
    qr = client.get(CARD + "qr.svg")

    assert _text(html, "card-number") == account.number
    assert html.xpath('//link[@rel="manifest"]/@href') == [CARD + "manifest.webmanifest"]
    assert html.xpath('//img[@class="loyalty-card-qr"]/@src') == [CARD + "qr.svg"]
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<?xml") and b"<svg" in qr.content
    assert qr["Cache-Control"] == "private, no-store"


def test_the_card_qr_encodes_the_account_number(client, member):
    import segno

    account = LoyaltyAccount.objects.get(customer=member.customer)
    client.force_login(member)
    expected = segno.make(account.number, error="m")

    svg = client.get(CARD + "qr.svg").content.decode()

    # Same symbol: the same modules, drawn the same way, as segno draws the number.
    import io

    buffer = io.BytesIO()
    expected.save(buffer, kind="svg", scale=8, border=2, dark="#2b2118")
    assert svg == buffer.getvalue().decode()


def test_without_an_account_the_card_sends_to_join(client, user):
    client.force_login(user)

    assert client.get(CARD).headers["Location"] == POINTS
    assert client.get(CARD + "qr.svg").status_code == 404


def test_the_manifest_makes_the_card_a_home_screen_app(client):
    response = client.get(CARD + "manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == CARD and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert sizes == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code in (200, 404)  # static: served by the server
        assert icon["src"].startswith("/static/img/icon-")


def test_the_terms_page_states_the_figures_and_the_tiers(client, tiers, settings):
    settings.LOYALTY_MIN_REDEEM_POINTS = 100
    settings.LOYALTY_EXPIRY_MONTHS = 12

    response = client.get("/club-pepito/")
    text = " ".join(_html(response).text_content().split())

    assert response.status_code == 200
    assert "100 puntos valen S/ 5.00" in text
    assert "Puedes usar desde 100 puntos (S/ 5.00)" in text
    assert "hasta el 50% de cada pedido" in text
    assert "vencen 12 meses después" in text
    assert "Bibliófilo S/ 1,500.00 Puntos ×1.5 · delivery gratis en Lima" in text
    assert "Lector frecuente S/ 500.00 Puntos ×1.25" in text
    # Public and in the footer of every page.
    assert _html(client.get("/tiendas/")).xpath('//footer//a[@href="/club-pepito/"]')


def test_the_header_badge_shows_a_members_balance_and_links_to_the_points(client, member):
    client.force_login(member)

    html = _html(client.get("/tiendas/"))

    (badge,) = html.xpath('//a[@id="points-link"]')
    assert badge.get("href") == POINTS
    assert _text(html, "points-count") == "100"
    assert html.xpath('//nav[@id="main-nav"]//a[@href="/cuenta/puntos/"]')


def test_no_badge_for_visitors_nor_customers_who_have_not_joined(client, user):
    assert not _html(client.get("/tiendas/")).xpath('//a[@id="points-link"]')
    client.force_login(user)
    html = _html(client.get("/tiendas/"))
    assert not html.xpath('//a[@id="points-link"]')
    assert html.xpath('//nav[@id="main-nav"]//a[@href="/cuenta/puntos/"]')  # the menu link


def test_the_badge_costs_one_query_on_a_logged_in_page(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    client.get("/tiendas/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/tiendas/")
    loyalty = [q["sql"] for q in captured if "loyalty_loyaltyaccount" in q["sql"]]
    assert len(loyalty) == 1


def _sign_up(client, **extra):
    return client.post(
        reverse("account_signup"),
        {
            "name": "Rosa Quispe",
            "email": "nueva@example.pe",
            "phone": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


def test_sign_up_with_the_box_ticked_joins_with_the_bonus(client, tiers, settings):
    settings.LOYALTY_SIGNUP_BONUS = 100
    page = client.get(reverse("account_signup")).content.decode()
    assert "Quiero unirme al Club Pepito (acepto los términos)" in page
    assert re.search(r'<a href="/club-pepito/"[^>]*>Lee los términos del Club Pepito</a>', page)

    assert _sign_up(client, join_club="on").status_code == 302

    account = LoyaltyAccount.objects.get(customer__user__email="nueva@example.pe")
    assert account.terms_accepted_at is not None
    assert assert_reconciles(account).points_balance == 100


def test_sign_up_without_the_box_creates_no_account(client, tiers):
    assert _sign_up(client).status_code == 302

    assert User.objects.filter(email="nueva@example.pe").exists()
    assert not LoyaltyAccount.objects.exists()


def test_a_clerks_chat_panel_shows_the_customers_balance_and_tier(client, member, miraflores):
    from tests.factories import ConversationFactory

    clerk = UserFactory(email="rosa@librospepito.pe", store=miraflores, role=Role.CLERK)
    conversation = ConversationFactory(active=True, clerk=clerk, customer=member.customer)
    client.force_login(clerk)

    html = _html(client.get(f"/tienda/chat/{conversation.pk}/cliente/"))

    text = _text(html, "customer-loyalty")
    assert "100 puntos" in text and "Lector" in text
    # A clerk does not open the manager's account page.
    assert not html.xpath('//*[@id="customer-loyalty"]//a')
