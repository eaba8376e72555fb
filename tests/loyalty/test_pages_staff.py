"""The managers' Club Pepito page (/tienda/puntos/): the programme's figures, the account search,
an account's whole history and "Ajustar saldo"; clerks are refused."""

from datetime import timedelta
from decimal import Decimal

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from loyalty import services
from loyalty.models import LoyaltyAccount, PointsEntry
from tests.factories import CustomerFactory, UserFactory
from tests.loyalty.helpers import assert_reconciles, give_points

pytestmark = pytest.mark.django_db

PROGRAM = "/tienda/puntos/"


@pytest.fixture
def manager(miraflores):
    return UserFactory(email="jefe@librospepito.pe", store=miraflores, role=Role.STORE_MANAGER)


@pytest.fixture
def owner(db):
    return UserFactory(email="duena@librospepito.pe", role=Role.OWNER)


@pytest.fixture
def ana(db, settings):
    settings.LOYALTY_SIGNUP_BONUS = 100
    customer = CustomerFactory(
        name="Ana Ríos", email="ana@example.pe", phone="+51987654321", dni="45871236"
    )
    return services.join(customer, accepted_terms=True)


def _html(response):
    return lxml.html.fromstring(response.content.decode())


def _text(html, node_id):
    (node,) = html.xpath(f'//*[@id="{node_id}"]')
    return " ".join(node.text_content().split())


def _account_url(account) -> str:
    return f"{PROGRAM}{account.number}/"


def test_a_clerk_is_refused_the_programme_and_the_adjustment(client, clerk, ana):
    client.force_login(clerk)

    assert client.get(PROGRAM).status_code == 403
    assert client.get(_account_url(ana)).status_code == 403
    response = client.post(_account_url(ana) + "ajustar/", {"points": "500", "reason": "Regalo"})

    assert response.status_code == 403
    assert "No tienes permiso" in response.content.decode()
    assert assert_reconciles(ana).points_balance == 100
    # And the console shows a clerk no tab for it.
    assert not _html(client.get("/tienda/chat/")).xpath('//a[@id="staff-loyalty-link"]')


def test_customers_and_visitors_never_reach_the_staff_page(client, user, ana):
    assert client.get(PROGRAM).status_code == 302  # to the login
    client.force_login(user)
    assert client.get(PROGRAM).status_code == 403
    adjust = client.post(_account_url(ana) + "ajustar/", {"points": "5", "reason": "x"})
    assert adjust.status_code == 403


def test_managers_and_the_owner_see_the_tab_and_the_figures(client, manager, owner, ana):
    other = services.join(CustomerFactory(), accepted_terms=True)
    give_points(other.customer, 400, source="test:earn:other")
    services.issue_credit(
        customer_id=ana.customer_id, amount=Decimal("20.00"), source="test:credit", reason="x"
    )
    services.adjust_points(account=other, points=-50, reason="Corrección", actor=manager)

    for user in (manager, owner):
        client.force_login(user)
        html = _html(client.get(PROGRAM))
        assert html.xpath('//a[@id="staff-loyalty-link"][@aria-current="page"]')
        assert _text(html, "fig-members") == "2"
        assert _text(html, "fig-active") == "1"  # earned in the last 12 months: only `other`
        assert _text(html, "fig-issued") == "600"  # two sign-up bonuses + one earn
        assert _text(html, "fig-redeemed") == "0"
        assert _text(html, "fig-expired") == "0"
        # (100 + 450 points) × S/ 0.05 + S/ 20.00 of store credit
        assert _text(html, "fig-liability") == "S/ 47.50"
        rows = [
            [cell.text_content().strip() for cell in row.xpath("./td")]
            for row in html.xpath('//table[@id="figures-by-kind"]/tbody/tr')
        ]
        assert rows == [["Compra", "1", "+400"], ["Bono", "2", "+200"], ["Ajuste", "1", "-50"]]


def test_the_figures_count_only_the_chosen_dates(client, manager, ana):
    PointsEntry.objects.filter(account=ana).update(created_at=timezone.now() - timedelta(days=90))
    client.force_login(manager)

    recent = _html(client.get(PROGRAM))
    old_day = (timezone.localdate() - timedelta(days=90)).isoformat()
    that_day = _html(client.get(PROGRAM, {"desde": old_day, "hasta": old_day}))

    assert _text(recent, "fig-issued") == "0"
    assert _text(that_day, "fig-issued") == "100"


@pytest.mark.parametrize(
    "params",
    [
        {"desde": "2026-13-45"},
        {"desde": "2026-05-01", "hasta": "2026-04-01"},
        {"desde": "0001-01-01", "hasta": "9999-12-31"},
        {"desde": "1990-01-01", "hasta": "2026-01-01"},
        {"hasta": "x" * 5000},
    ],
)
def test_bad_dates_are_explained_in_spanish_with_a_400(client, manager, params):
    client.force_login(manager)

    response = client.get(PROGRAM, params)

    assert response.status_code == 400
    html = response.content.decode()
    assert any(
        message in html
        for message in (
            "Escribe la fecha como AAAA-MM-DD.",
            "La fecha «desde» debe ser anterior a «hasta».",
            "Elige fechas entre los años 2000 y 2100.",
        )
    )


@pytest.mark.parametrize(
    "q", ["CP-{pk:08d}", "cp-{pk:08d}", "{pk:04d}", "45871236", "987 654 321", "ANA@example.pe"]
)
def test_the_search_finds_an_account_by_number_dni_phone_or_email(client, manager, ana, q):
    CustomerFactory(name="Otro", email="otro@example.pe")
    client.force_login(manager)

    html = _html(client.get(PROGRAM, {"buscar": q.format(pk=ana.customer_id)}))

    rows = html.xpath('//table[@id="account-results"]//tbody/tr')
    assert len(rows) == 1
    assert rows[0].xpath(".//a/@href") == [_account_url(ana)]


@pytest.mark.parametrize("q", ["nadie@example.pe", "x", "<b>", "9" * 500, "'; DROP TABLE x; --"])
def test_a_search_that_finds_nothing_says_so(client, manager, ana, q):
    client.force_login(manager)

    response = client.get(PROGRAM, {"buscar": q})

    assert response.status_code == 200
    html = _html(response)
    assert not html.xpath('//table[@id="account-results"]')
    assert html.xpath('//*[@id="no-results"]') or len(q.strip()) < 2


def test_the_account_page_shows_the_whole_history_with_who_and_why(client, manager, ana):
    give_points(ana.customer, 40, source="test:earn:1")
    PointsEntry.objects.filter(source="test:earn:1").update(order_number="A1B2C3", channel="web")
    services.adjust_points(account=ana, points=25, reason="Pedido demorado", actor=manager)
    client.force_login(manager)

    html = _html(client.get(_account_url(ana)))

    history = _text(html, "account-history")
    assert "Ajuste" in history and "+25" in history and "Pedido demorado" in history
    assert "por Rosa Quispe" in history  # the manager's name (UserFactory's)
    assert html.xpath('//*[@id="account-history"]//a[@href="/tienda/pedidos/A1B2C3/"]')
    assert _text(html, "account-points") == "165"
    assert "Ana Ríos" in _text(html, "account-summary")


def test_an_unknown_account_number_is_a_404(client, manager):
    client.force_login(manager)

    assert client.get(f"{PROGRAM}CP-99999999/").status_code == 404
    adjust = client.post(f"{PROGRAM}CP-99999999/ajustar/", {"points": 5, "reason": "x"})
    assert adjust.status_code == 404


def test_adjusting_adds_points_with_the_reason_and_the_actor(client, manager, ana):
    client.force_login(manager)

    response = client.post(
        _account_url(ana) + "ajustar/", {"points": "50", "reason": "  Compensación   por demora "}
    )

    assert response.status_code == 302 and response["Location"] == _account_url(ana)
    entry = PointsEntry.objects.get(account=ana, kind=PointsEntry.Kind.ADJUST)
    assert (entry.points, entry.reason, entry.actor) == (50, "Compensación por demora", manager)
    assert assert_reconciles(ana).points_balance == 150
    assert "Sumamos 50 puntos a la cuenta" in client.get(_account_url(ana)).content.decode()


def test_adjusting_takes_points_but_never_below_zero(client, manager, ana):
    client.force_login(manager)

    ok = client.post(_account_url(ana) + "ajustar/", {"points": "-30", "reason": "Error de caja"})
    too_many = client.post(_account_url(ana) + "ajustar/", {"points": "-500", "reason": "Error"})

    assert ok.status_code == 302
    assert too_many.status_code == 400
    assert "No tienes tantos puntos" in too_many.content.decode() or "saldo" in (
        too_many.content.decode()
    )
    assert assert_reconciles(ana).points_balance == 70


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"points": "50", "reason": ""}, "Escribe el motivo del ajuste: queda registrado."),
        ({"points": "50", "reason": "    "}, "Escribe el motivo del ajuste: queda registrado."),
        ({"points": "50"}, "Escribe el motivo del ajuste: queda registrado."),
        ({"points": "", "reason": "x"}, "Escribe cuántos puntos sumas o restas."),
        ({"points": "0", "reason": "x"}, "Un ajuste de 0 puntos no cambia nada."),
        ({"points": "2.5", "reason": "x"}, "Escribe un número entero de puntos"),
        ({"points": "abc", "reason": "x"}, "Escribe un número entero de puntos"),
        ({"points": "9" * 40, "reason": "x"}, "No puedes sumar más de"),
        ({"points": "-" + "9" * 40, "reason": "x"}, "No puedes restar más de"),
        ({"points": "5", "reason": "x" * 301}, "El motivo puede tener hasta 300 caracteres."),
    ],
)
def test_a_bad_adjustment_is_explained_in_spanish_and_writes_nothing(
    client, manager, ana, data, message
):
    client.force_login(manager)
    before = PointsEntry.objects.count()

    response = client.post(_account_url(ana) + "ajustar/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert PointsEntry.objects.count() == before
    assert assert_reconciles(ana).points_balance == 100


def test_the_adjustment_goes_to_the_account_named_in_the_url_only(client, manager, ana):
    other = services.join(CustomerFactory(email="otra@example.pe"), accepted_terms=True)
    client.force_login(manager)

    # A forged field naming another account changes nothing: the URL's number decides.
    client.post(
        _account_url(ana) + "ajustar/",
        {"points": "10", "reason": "Regalo", "account": other.pk, "number": other.number},
    )

    assert assert_reconciles(ana).points_balance == 110
    assert assert_reconciles(other).points_balance == 100


def test_adjusting_needs_a_post(client, manager, ana):
    client.force_login(manager)
    assert client.get(_account_url(ana) + "ajustar/").status_code == 405


def test_staff_pages_make_the_same_queries_for_few_or_many_rows(client, manager, ana):
    client.force_login(manager)

    def count(url, params=None):
        client.get(url, params or {})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params or {}).status_code == 200
        return len(captured)

    few = (count(PROGRAM, {"buscar": "ana@example.pe"}), count(_account_url(ana)))
    for n in range(30):
        give_points(ana.customer, 2, source=f"test:many:{n}")
        services.adjust_points(account=ana, points=1, reason=f"r{n}", actor=manager)
        services.issue_credit(
            customer_id=ana.customer_id, amount=Decimal("1"), source=f"test:c:{n}", reason="x"
        )
        services.join(CustomerFactory(email=f"m{n}@example.pe"), accepted_terms=True)
    assert (count(PROGRAM, {"buscar": "ana@example.pe"}), count(_account_url(ana))) == few


def test_an_account_merged_into_another_shows_where_and_offers_no_adjustment(client, manager, ana):
    other = services.join(CustomerFactory(email="otra@example.pe"), accepted_terms=True)
    LoyaltyAccount.objects.filter(pk=ana.pk).update(merged_into=other)
    client.force_login(manager)

    html = _html(client.get(_account_url(ana)))

    assert html.xpath(f'//*[@id="account-summary"]//a[@href="{_account_url(other)}"]')
    assert not html.xpath('//form[@id="adjust-form"]')
    response = client.post(_account_url(ana) + "ajustar/", {"points": "5", "reason": "x"})
    assert response.status_code == 400
    assert "se fusionó" in response.content.decode()
