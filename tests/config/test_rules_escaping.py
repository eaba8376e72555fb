"""Customer text is escaped wherever it is shown (issue #20), not only where it arrives.

A hostile string is written into every field a customer (or a clerk, for the staff's notes) can
type: names, e-mails, phones, addresses, the DNI, order notes, chat names and follow-ups,
internal notes, stock reasons and transfer notes, and every search box. Then every page that
shows them is opened, on the staff's side and the customer's, and none may carry the markup
raw.

The templates are FOUND, not listed: `customer_text_templates()` scans templates/ for
`{{ … }}` of the known customer-text fields, and the page test fails when one of them was not
rendered by it, so a new template that shows customer text must be added here. A second test
forbids `|safe`, `|safeseq` and `{% autoescape off %}` in HTML templates (and HTML built from
strings in static/js/), so marking one of those fields safe fails even before the pages run.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from accounts.roles import Role
from chat import assignment, followups
from chat.models import FollowUp
from crm.models import Address
from inventory import stock
from orders import cart as carts
from orders import status
from orders.models import Order
from tests.factories import StoreFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.staff_helpers import make_order

HOSTILE = "<script>alert(1)</script>\"'><img src=x onerror=1>"
SHORT = "<b>\"'&</b>"  # for the short fields (phones: 16, the DNI: 8)
RAW_MARKERS = ["<script>alert(1)", "<img src=x onerror=1>", '<b>"']
ESCAPED_MARKERS = ["&lt;script&gt;alert(1)", "&lt;img src=x onerror=1&gt;", "&lt;b&gt;"]

TEMPLATES = Path(settings.BASE_DIR) / "templates"
VARIABLE = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.S)
# The fields that carry text a customer typed (or a clerk, for notes and reasons), as the
# templates name them. A template whose {{ … }} matches one is a customer-text template.
CUSTOMER_TEXT = [
    r"(^|\.)contact_(name|email|phone)$",
    r"(^|\.)address_(street|reference|district|province|region)$",
    r"^address(\.(street|reference|label|district|province|region|phone_display))?$",
    r"(^|\.)display_name$",
    r"(^|\.)customer\.(name|email|phone|phone_display|dni|notes)$",
    r"^(f|follow_up)\.(name|email|phone|text)$",
    r"^(message|m)\.text$",
    r"(^|\.)notes?$",
    r"^movement\.reason$",
    r"^entry\.reason$",
    r"(^|\.)comment$",
    r"^(q|request\.GET\.q|filter_query)$",
    r"^complaint\.(consumer_name|address|phone|email|doc_number|guardian_name|guardian_doc_number"
    r"|good_description|order_number|detail|request|answer)$",
]
# Plain-text templates (the e-mail's body) are never HTML: autoescape off is right there.
TEXT_SUFFIXES = {".txt"}
# Server-made markup that may be marked safe: (template, variable).
SAFE_ALLOWED = {("mfa/totp/activate_form.html", "totp_svg")}


def _fits(text: str, max_length: int) -> str:
    return text if len(text) <= max_length else SHORT[:max_length]


def customer_text_templates() -> dict[str, set[str]]:
    """{template name: the customer-text expressions it shows}, for every HTML template."""
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        hits = set()
        for match in VARIABLE.finditer(path.read_text()):
            expression = match.group(1).split("|")[0].strip()
            if any(re.search(pattern, expression) for pattern in CUSTOMER_TEXT):
                hits.add(expression)
        if hits:
            found[str(path.relative_to(TEMPLATES))] = hits
    return found


def test_the_scan_finds_the_templates_that_show_customer_text():
    found = customer_text_templates()
    # A few that must always be found, or the patterns have gone blind.
    assert "order.contact_name" in found["orders/staff/partials/order_card.html"]
    assert {"f.name", "f.text", "c.display_name"} <= found["chat/staff/inbox.html"]
    assert "event.note" in found["orders/order_detail.html"]
    assert "order.customer.dni" in found["orders/staff/order_detail.html"]
    assert len(found) >= 15


SAFE_USE = re.compile(r"\{\{[^}]*\|\s*(safe|safeseq)\b[^}]*\}\}|\{%\s*autoescape\s+off\s*%\}")


def test_no_html_template_marks_text_safe():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*")):
        if not path.is_file() or path.suffix in TEXT_SUFFIXES:
            continue
        name = str(path.relative_to(TEMPLATES))
        for match in SAFE_USE.finditer(path.read_text()):
            variable = VARIABLE.match(match.group(0))
            expression = variable.group(1).split("|")[0].strip() if variable else "autoescape"
            if (name, expression) not in SAFE_ALLOWED:
                offenders.append(f"{name}: {match.group(0)}")
    assert offenders == [], "Customer text must stay escaped: " + "; ".join(offenders)


def test_no_script_builds_html_from_strings():
    """The chat's messages and names are drawn by static/js/: only textContent, never HTML."""
    offenders = []
    for path in sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"insertAdjacentHTML|outerHTML\s*=|document\.write", line) or (
                re.search(r"innerHTML\s*[+]?=", line) and not re.search(r'innerHTML\s*=\s*""', line)
            ):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []


def _assert_escaped(response, url: str, *, shows: bool) -> None:
    assert response.status_code == 200, f"{url}: {response.status_code}"
    html = response.content.decode()
    for marker in RAW_MARKERS:
        assert marker not in html, f"{url} shows {marker!r} unescaped"
    if shows:
        assert any(marker in html for marker in ESCAPED_MARKERS), f"{url} did not show the text"


@pytest.mark.django_db
def test_hostile_text_is_escaped_on_every_page_that_shows_it():
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    arequipa = StoreFactory(slug="arequipa", name="Libros Pepito Arequipa", region="Arequipa")
    book = ProductFactory(title="Los ríos profundos")
    stock_up(miraflores, book, 5)
    stock_up(arequipa, book, 5)
    clerk = UserFactory(email="rosa@librospepito.pe", store=miraflores, role=Role.CLERK)
    from accounts.models import User

    admin = User.objects.create_superuser(email="admin@librospepito.pe", password="x-2026-adm")

    # The customer and everything they typed.
    user = UserFactory(email="ana@example.pe")
    customer = user.customer
    customer.name, customer.dni, customer.notes = HOSTILE, SHORT[:8], HOSTILE
    customer.save()
    Address.objects.create(
        customer=customer,
        label=_fits(HOSTILE, 40),
        street=HOSTILE,
        reference=HOSTILE,
        district=HOSTILE,
        province=HOSTILE,
        region=HOSTILE,
        phone=SHORT,
        is_default=True,
    )
    hostile_contact = {
        "contact_name": HOSTILE,
        "contact_email": HOSTILE,
        "contact_phone": SHORT,
        "address_street": HOSTILE,
        "address_reference": HOSTILE,
        "address_district": HOSTILE,
        "address_province": HOSTILE,
        "address_region": HOSTILE,
    }
    pickup = make_order(miraflores, customer=customer, product=book)
    delivery = make_order(miraflores, customer=customer, product=book, fulfilment="delivery")
    Order.objects.filter(pk__in=[pickup.pk, delivery.pk]).update(
        payment_status="paid", **hostile_contact
    )
    status.advance(order=pickup, to=Order.Status.PACKED, actor=clerk, note=HOSTILE)
    carts.add_to_cart(cart=carts.cart_for_customer(customer), product=book, quantity=1)

    # The chat: a waiting conversation and a message left for later.
    conversation = assignment.start_conversation(name=HOSTILE, customer=customer)
    follow_up = followups.leave_message(
        conversation_id=None, name=HOSTILE, email="ana@example.pe", text=HOSTILE
    )
    FollowUp.objects.filter(pk=follow_up.pk).update(email=HOSTILE, phone=SHORT)

    # The staff's own text: a stock reason and a transfer note.
    stock.adjust(miraflores, book, 1, HOSTILE, clerk)
    stock_up(arequipa, book, 1)
    stock.request_transfer(arequipa, miraflores, book, 1, clerk, note=HOSTILE)

    staff, shopper, superuser = Client(), Client(), Client()
    staff.force_login(clerk)
    shopper.force_login(user)
    superuser.force_login(admin)
    rendered: set[str] = set()

    def visit(client, url, *, shows=True, data=None, post=False):
        response = client.post(url, data or {}) if post else client.get(url, data or {})
        _assert_escaped(response, url, shows=shows)
        rendered.update(t.name for t in response.templates if t.name)
        return response

    searches = {
        "/buscar/": "q",
        "/libros/": "q",
        "/buscar/sugerencias/": "q",
        "/tienda/pedidos/": "buscar",
        "/tienda/pedidos/recojo/": "buscar",
        "/tienda/pedidos/nuevo/": "buscar",
        "/tienda/chat/": "q",
        "/tienda/chat/bandeja/": "q",
        "/tienda/stock/": "q",
        "/tienda/stock/conteo/": "q",
    }
    for url, param in searches.items():
        client = staff if url.startswith("/tienda/") else shopper
        visit(client, url, data={param: HOSTILE})

    # Staff pages.
    visit(staff, "/tienda/pedidos/", data={"estado": "todos"})
    visit(staff, f"/tienda/pedidos/{pickup.number}/")
    visit(staff, f"/tienda/pedidos/{delivery.number}/")
    visit(staff, "/tienda/pedidos/recojo/", data={"buscar": pickup.number})
    visit(staff, "/tienda/pedidos/nuevo/", data={"buscar": "ana@example.pe"})
    visit(staff, f"/tienda/pedidos/nuevo/{customer.pk}/")
    visit(staff, "/tienda/chat/")
    visit(staff, f"/tienda/chat/{conversation.pk}/cliente/")
    visit(staff, f"/tienda/stock/producto/{book.pk}/")
    visit(staff, "/tienda/stock/transferencias/")
    visit(
        superuser,
        "/admin/orders/order/",
        data={"action": "cancel_orders", "_selected_action": [pickup.pk]},
        post=True,
    )

    # Customer pages.
    visit(shopper, "/pedidos/", shows=False)  # numbers, dates and totals only
    visit(shopper, f"/pedidos/{pickup.number}/")
    visit(shopper, f"/pedidos/{delivery.number}/")
    visit(shopper, "/checkout/")
    visit(shopper, "/cuenta/perfil/")
    visit(shopper, "/carrito/", shows=False)

    # The Libro de Reclamaciones: the consumer's sheet, on the confirmation and the staff pages.
    from django.core import signing

    from crm import complaints
    from crm.complaint_views import SIGNING_SALT

    sheet = complaints.file_complaint(
        kind="reclamo",
        consumer_name=HOSTILE,
        doc_type="ce",
        doc_number=SHORT[:12],
        address=HOSTILE,
        phone=SHORT,
        email="ana@example.pe",
        is_minor=True,
        guardian_name=HOSTILE,
        guardian_doc_type="ce",
        guardian_doc_number=SHORT[:12],
        good_type="producto",
        good_description=HOSTILE,
        order_number=_fits(HOSTILE, 30),
        detail=HOSTILE,
        request=HOSTILE,
    )
    manager = Client()
    manager.force_login(
        UserFactory(email="jefe@librospepito.pe", store=miraflores, role=Role.STORE_MANAGER)
    )
    visit(shopper, f"/libro-de-reclamaciones/enviada/{signing.dumps(sheet.pk, salt=SIGNING_SALT)}/")
    visit(manager, "/tienda/reclamaciones/")
    visit(manager, f"/tienda/reclamaciones/{sheet.pk}/")
    complaints.answer_complaint(complaint_id=sheet.pk, answer=HOSTILE, user=admin)
    visit(manager, f"/tienda/reclamaciones/{sheet.pk}/")

    # The Club Pepito: the customer's points and card, the manager's search and account page
    # (a manager's adjustment reason is shown to the customer too).
    from loyalty import services as loyalty

    account = loyalty.join(customer, accepted_terms=True)
    loyalty.adjust_points(account=account, points=50, reason=HOSTILE, actor=admin)
    visit(shopper, "/cuenta/puntos/")
    visit(shopper, "/cuenta/puntos/tarjeta/")
    visit(manager, "/tienda/puntos/", data={"buscar": HOSTILE})
    visit(manager, "/tienda/puntos/", data={"buscar": "ana@example.pe"})
    visit(manager, f"/tienda/puntos/{account.number}/")
    visit(staff, f"/tienda/chat/{conversation.pk}/cliente/")

    # The courier's route and cash-up: the delivery, out with the courier, and its contact.
    Order.objects.filter(pk=delivery.pk).update(status=Order.Status.DISPATCHED)
    visit(staff, "/tienda/reparto/", data={"tienda": "miraflores"})
    visit(staff, "/tienda/reparto/caja/", data={"tienda": "miraflores"}, shows=False)

    missing = sorted(set(customer_text_templates()) - rendered)
    assert missing == [], (
        "These templates show customer text but no page here rendered them with the hostile "
        f"string; add their page to this test: {missing}"
    )
