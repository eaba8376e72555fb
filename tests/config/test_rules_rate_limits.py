"""Every rate limit for every role it applies to (issue #20): core.abuse's limits on the public
forms that write (anonymous visitor, customer, clerk) and allauth's limits as configured. Each
one: at the limit the request passes, one more is refused with the Spanish 429 and nothing is
written. The figures themselves are written out once, by hand, in the first test.

(The chat's own message limits are in tests/chat/test_rules_rate_limits.py.)"""

import time
import types

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from chat.models import Conversation
from core import abuse
from inventory.models import BackInStockRequest
from tests.factories import StoreFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.catalog import ProductFactory
from tests.orders.staff_helpers import make_order

pytestmark = pytest.mark.django_db

SPANISH_429 = "Recibimos demasiados intentos seguidos"
ROLES = ["anonymous", "customer", "clerk"]


def test_the_configured_limits():
    from django.conf import settings

    assert settings.ABUSE_RATE_LIMITS == {
        "back_in_stock": "10/h",
        "order_lookup": "10/10m",
        "order_lookup_number": "20/h",
        "chat_start": "6/h",
        "return_request": "5/h",
        "complaint": "5/h",
    }
    assert (settings.CHAT_RATE_LIMIT, settings.CHAT_RATE_WINDOW) == (8, 10)
    assert settings.ACCOUNT_RATE_LIMITS == {
        "login": "30/m/ip",
        "login_failed": "10/m/ip,5/5m/key",
        "signup": "20/m/ip",
        "confirm_email": "1/3m/key",
        "reset_password": "20/m/ip,5/m/key",
        "reset_password_from_key": "20/m/ip",
        "change_password": "5/m/user",
    }


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """core.abuse counts in fixed windows: hold its clock inside one."""
    start = (int(time.time()) // 100_000 + 1) * 100_000
    clock = types.SimpleNamespace(time=lambda: start + 1, monotonic=time.monotonic)
    monkeypatch.setattr(abuse, "time", clock)
    abuse._cache_down_until = 0.0
    yield
    abuse._cache_down_until = 0.0


def browser_of(role: str):
    """A factory of fresh browsers for one person of `role` (the same account each time)."""
    if role == "anonymous":
        return Client
    if role == "customer":
        user = UserFactory(email="ana@example.pe")
    else:
        user = UserFactory(email="rosa@librospepito.pe", store=StoreFactory(), role=Role.CLERK)

    def logged_in():
        client = Client()
        client.force_login(user)
        return client

    return logged_in


# core.abuse: the public forms that write
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_back_in_stock(settings, role):
    settings.ABUSE_RATE_LIMITS = {"back_in_stock": "2/h"}
    product = ProductFactory()
    browser = browser_of(role)

    def ask(n):
        return browser().post(
            reverse("inventory:back_in_stock", args=[product.pk]),
            {"email": f"ana{n}@example.pe"},
            HTTP_HX_REQUEST="true",
            REMOTE_ADDR="198.51.100.40",
        )

    assert [ask(n).status_code for n in range(2)] == [200, 200]
    refused = ask(9)
    assert refused.status_code == 429
    assert SPANISH_429 in refused.content.decode()
    assert BackInStockRequest.objects.count() == 2


@pytest.mark.parametrize("role", ROLES)
def test_complaint(settings, role):
    from crm.models import Complaint

    settings.ABUSE_RATE_LIMITS = {"complaint": "2/h"}
    browser = browser_of(role)
    sheet = {
        "kind": "queja",
        "consumer_name": "Ana Torres",
        "doc_type": "dni",
        "doc_number": "45871236",
        "address": "Jr. Cusco 100, Lima",
        "phone": "987654321",
        "email": "ana@example.pe",
        "good_type": "servicio",
        "good_description": "Atención en tienda",
        "detail": "Me atendieron mal.",
        "request": "Una disculpa.",
    }

    def send():
        return browser().post("/libro-de-reclamaciones/", sheet, REMOTE_ADDR="198.51.100.41")

    assert [send().status_code for _ in range(2)] == [302, 302]
    refused = send()
    assert refused.status_code == 429
    assert SPANISH_429 in refused.content.decode()
    assert Complaint.objects.count() == 2


@pytest.mark.parametrize("role", ROLES)
def test_order_lookup(settings, role, miraflores):
    settings.ABUSE_RATE_LIMITS = {"order_lookup": "2/10m"}
    order = make_order(miraflores, contact_email="luis@example.pe")
    browser = browser_of(role)

    def look(email):
        client = browser()
        response = client.post(
            "/pedidos/buscar/",
            {"number": order.number, "email": email},
            REMOTE_ADDR="198.51.100.60",
        )
        return response, client

    assert [look("otro@example.pe")[0].status_code for _ in range(2)] == [200, 200]
    refused, client = look("luis@example.pe")  # even the right e-mail, once over the limit
    assert refused.status_code == 429
    assert SPANISH_429 in refused.content.decode()
    assert "orders_access" not in client.session


@pytest.mark.parametrize("role", ROLES)
def test_order_lookup_per_number_whoever_asks(settings, role, miraflores):
    settings.ABUSE_RATE_LIMITS = {"order_lookup": "100/10m", "order_lookup_number": "2/h"}
    order = make_order(miraflores, contact_email="luis@example.pe")
    browser = browser_of(role)

    def look(address):
        return browser().post(
            "/pedidos/buscar/",
            {"number": order.number, "email": "otro@example.pe"},
            REMOTE_ADDR=address,
        )

    assert [look(f"198.51.100.{n}").status_code for n in range(2)] == [200, 200]
    refused = look("203.0.113.9")
    assert refused.status_code == 429 and SPANISH_429 in refused.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_chat_start(settings, role):
    settings.ABUSE_RATE_LIMITS = {"chat_start": "2/h"}
    browser = browser_of(role)

    def start():
        # Returning to an open conversation is never counted: each earlier one is closed.
        Conversation.objects.update(state=Conversation.State.CLOSED)
        return browser().post(reverse("chat:start"), {"name": "Luis"}, REMOTE_ADDR="198.51.100.50")

    assert [start().status_code for _ in range(2)] == [201, 201]
    refused = start()
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert SPANISH_429 in refused.json()["error"]
    assert Conversation.objects.count() == 2


def test_return_request_has_no_endpoint_yet():
    """Its rate waits for the returns (settings); when a view asks for it, test it here."""
    from pathlib import Path

    from django.conf import settings

    users = [
        path
        for path in Path(settings.BASE_DIR).rglob("*.py")
        if ".venv" not in path.parts
        and "tests" not in path.parts
        and '"return_request"' in path.read_text()
        and path.name != "settings.py"
    ]
    assert users == [], f"return_request is used now: add its rate-limit test ({users})"


# allauth's limits, as configured (each part: per address, per key, per user)
# ------------------------------------------------------------------------------


def _limits(settings, **rates):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **rates}


def _is_429(response):
    assert response.status_code == 429
    assert "Demasiados intentos seguidos" in response.content.decode()


def test_login_per_address(settings):
    _limits(settings, login="2/m/ip")
    user = UserFactory(email="ana@example.pe")

    def log_in():
        return Client().post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert [log_in().status_code for _ in range(2)] == [302, 302]
    _is_429(log_in())


def test_login_failed_per_address_and_per_account(settings):
    from django.contrib.auth import SESSION_KEY

    user = UserFactory(email="ana@example.pe")

    def attempt(password, address):
        client = Client(REMOTE_ADDR=address)
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": password}
        )
        return response, SESSION_KEY in client.session

    _limits(settings, login_failed="2/m/ip,100/5m/key")
    for _ in range(2):
        assert attempt("mala", "198.51.100.1")[1] is False
    response, logged = attempt(PASSWORD, "198.51.100.1")  # the right password, too late
    assert not logged and "intentos" in response.content.decode().lower()
    assert attempt(PASSWORD, "198.51.100.2")[1]  # another address logs in

    # The per-key part: many addresses, one account.
    _limits(settings, login_failed="100/m/ip,2/5m/key")
    user2 = UserFactory(email="beto@example.pe")
    for n in range(2):
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(
            reverse("account_login"), {"login": user2.email, "password": "mala"}
        )
    client = Client(REMOTE_ADDR="203.0.113.99")
    client.post(reverse("account_login"), {"login": user2.email, "password": PASSWORD})
    assert SESSION_KEY not in client.session


def test_signup_per_address(settings):
    _limits(settings, signup="2/m/ip")

    def sign_up(n):
        return Client().post(
            reverse("account_signup"),
            {
                "name": "Ana",
                "email": f"nueva{n}@example.pe",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    assert [sign_up(n).status_code for n in range(2)] == [302, 302]
    _is_429(sign_up(9))
    assert not User.objects.filter(email="nueva9@example.pe").exists()


def test_confirm_email_per_address_of_mail(settings):
    _limits(settings, confirm_email="1/3m/key")
    mail.outbox.clear()
    Client().post(
        reverse("account_signup"),
        {"name": "Ana", "email": "nueva@example.pe", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert len(mail.outbox) == 1
    # Logging in again asks for another confirmation: within the limit none is sent.
    Client().post(reverse("account_login"), {"login": "nueva@example.pe", "password": PASSWORD})
    assert len(mail.outbox) == 1


def test_reset_password_per_address_and_per_mail(settings):
    UserFactory(email="ana@example.pe")
    url = reverse("account_reset_password")

    _limits(settings, reset_password="2/m/ip,100/m/key")
    for n in range(2):
        assert Client().post(url, {"email": f"x{n}@example.pe"}).status_code == 302
    _is_429(Client().post(url, {"email": "ana@example.pe"}))

    _limits(settings, reset_password="100/m/ip,2/m/key")
    for n in range(2):
        assert (
            Client(REMOTE_ADDR=f"203.0.113.{n}").post(url, {"email": "ana@example.pe"}).status_code
            == 302
        )
    _is_429(Client(REMOTE_ADDR="203.0.113.50").post(url, {"email": "ana@example.pe"}))


def test_reset_password_from_key_per_address(settings):
    _limits(settings, reset_password_from_key="2/m/ip")
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "x", "key": "y-z"})

    for _ in range(2):
        assert Client().post(url, {"password1": PASSWORD, "password2": PASSWORD}).status_code != 429
    _is_429(Client().post(url, {"password1": PASSWORD, "password2": PASSWORD}))


def test_change_password_per_user(settings):
    _limits(settings, change_password="2/m/user")
    user = UserFactory(email="ana@example.pe")
    url = reverse("account_change_password")

    def change(client):
        return client.post(
            url, {"oldpassword": "mala", "password1": PASSWORD, "password2": PASSWORD}
        )

    for _ in range(2):
        client = Client()
        client.force_login(user)
        assert change(client).status_code == 200  # the form's error: wrong current password
    client = Client()
    client.force_login(user)
    _is_429(change(client))
    other = Client()
    other.force_login(UserFactory(email="beto@example.pe"))
    assert change(other).status_code == 200
