"""The pickup QR: a valid SVG on the tracking page, an inline PNG in the "listo para recoger"
e-mail, and the e-mail's links on SITE_URL."""

from email import message_from_bytes

import pytest
from django.core import mail
from django.urls import reverse
from lxml import etree

from orders import status
from orders.models import Order
from outbox.models import Notification
from outbox.notifications import send_notification
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db

SVG_NS = "http://www.w3.org/2000/svg"


def ready_order(customer_cart, miraflores):
    order = place(customer_cart, store=miraflores)
    status.advance(order=order, to=Order.Status.PACKED)
    status.advance(order=order, to=Order.Status.READY)
    order.refresh_from_db()
    return order


def test_the_qr_is_a_standalone_svg_document(client, customer_cart, miraflores):
    order = place(customer_cart, store=miraflores)
    client.force_login(order.customer.user)

    response = client.get(reverse("orders:pickup_qr", args=[order.number]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = etree.fromstring(response.content)  # well-formed XML
    assert root.tag == f"{{{SVG_NS}}}svg"  # in the SVG namespace: browsers draw it
    assert root.get("width") and root.get("height")
    assert root.findall(f"{{{SVG_NS}}}path")  # the modules


def test_the_ready_email_carries_the_qr_as_an_inline_png(customer_cart, miraflores):
    order = ready_order(customer_cart, miraflores)
    notification = Notification.objects.get(channel="email", subject__contains="listo para recoger")
    assert notification.qr_code == f"{order.number}|{order.pickup_code}"
    # The order's other e-mails (en proceso, embalado) carry none.
    others = Notification.objects.filter(channel="email").exclude(pk=notification.pk)
    assert set(others.values_list("qr_code", flat=True)) == {""} and others.count() == 2

    mail.outbox.clear()
    send_notification(notification_id=notification.pk)

    (sent,) = mail.outbox
    parsed = message_from_bytes(sent.message().as_bytes())
    assert parsed.get_content_type() == "multipart/related"
    parts = {part.get_content_type(): part for part in parsed.walk()}
    assert order.pickup_code in parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    assert 'src="cid:qr"' in html
    png = parts["image/png"]
    assert png["Content-ID"] == "<qr>"
    assert png.get_content_disposition() == "inline"
    assert png.get_payload(decode=True).startswith(b"\x89PNG\r\n\x1a\n")
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


def test_email_and_sms_links_use_site_url(settings, customer_cart, miraflores):
    settings.SITE_URL = "http://192.168.1.20:9001"
    order = place(customer_cart, store=miraflores)

    email = Notification.objects.filter(channel="email").latest("pk")
    sms = Notification.objects.filter(channel="sms").latest("pk")
    link = f"http://192.168.1.20:9001{order.get_absolute_url()}?t="
    assert link in email.body
    assert link in sms.body
    assert "127.0.0.1:8000" not in email.body
