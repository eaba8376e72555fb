"""inventory.stock.transfers, the mutants the first complete run left alive.

What the sender's ledger says when copies on their way are annulled.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory import stock
from inventory.exceptions import InvalidTransferState
from inventory.models import Reservation, StockMovement
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


def test_annulling_copies_on_their_way_says_where_they_were_going_and_why(
    store, other_store, product, user
):
    stock_up(store, product, 4)
    first = stock.send_transfer(stock.request_transfer(store, other_store, product, 1))
    second = stock.send_transfer(stock.request_transfer(store, other_store, product, 1))

    stock.cancel_transfer(first, user)
    stock.cancel_transfer(second, user, reason="la camioneta se malogró")

    lines = StockMovement.objects.filter(kind="transfer_back").order_by("pk")
    assert [line.reason for line in lines] == [
        f"Anulada; las copias vuelven de camino a {other_store}",
        f"Anulada; las copias vuelven de camino a {other_store}: la camioneta se malogró",
    ]


def test_annulling_leaves_a_customers_lapsed_hold_to_the_expiry_task(
    store, other_store, product, user
):
    stock_up(store, product, 4)
    moving = stock.send_transfer(stock.request_transfer(store, other_store, product, 2))
    [hold] = stock.reserve([(product, 1)], store, "cart:9")
    Reservation.objects.filter(pk=hold.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    before = StockMovement.objects.latest("pk").pk

    stock.cancel_transfer(moving, user)

    # One line, the copies coming back; the clerk is not written down as releasing a hold.
    assert list(StockMovement.objects.filter(pk__gt=before).values_list("kind", "actor")) == [
        ("transfer_back", user.pk)
    ]
    hold.refresh_from_db()
    assert hold.state == "active"
    assert stock.release_expired_reservations() == 1
    assert StockMovement.objects.latest("pk").actor is None


def test_receiving_copies_that_were_never_sent_says_they_must_be_sent_first(
    store, other_store, product
):
    stock_up(store, product, 2)
    asked = stock.request_transfer(store, other_store, product, 1)

    with pytest.raises(InvalidTransferState) as error:
        stock.receive_transfer(asked)

    assert error.value.message == (
        f"La transferencia #{asked.pk} está «Solicitada»; solo se puede hacer esto cuando está "
        "«Enviada». Recarga la página para ver su estado actual."
    )


def test_sending_with_copies_to_spare_leaves_a_lapsed_hold_to_the_expiry_task(
    store, other_store, product, user
):
    stock_up(store, product, 4)
    asked = stock.request_transfer(store, other_store, product, 2)
    [hold] = stock.reserve([(product, 1)], store, "cart:9")
    Reservation.objects.filter(pk=hold.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    before = StockMovement.objects.latest("pk").pk

    stock.send_transfer(asked, user)

    assert list(StockMovement.objects.filter(pk__gt=before).values_list("kind", "actor")) == [
        ("transfer_out", user.pk)
    ]
    hold.refresh_from_db()
    assert hold.state == "active"


def test_sending_copies_twice_says_only_a_request_can_be_sent(store, other_store, product):
    stock_up(store, product, 2)
    sent = stock.send_transfer(stock.request_transfer(store, other_store, product, 1))

    with pytest.raises(InvalidTransferState) as error:
        stock.send_transfer(sent)

    assert error.value.message == (
        f"La transferencia #{sent.pk} está «Enviada»; solo se puede hacer esto cuando está "
        "«Solicitada». Recarga la página para ver su estado actual."
    )


def test_a_request_without_a_note_has_none(store, other_store, product):
    stock_up(store, product, 2)

    asked = stock.request_transfer(store, other_store, product, 1)

    asked.refresh_from_db()
    assert asked.note == ""


def test_a_request_frees_a_lapsed_hold_only_when_it_needs_its_copies_and_says_who_asked(
    store, other_store, product, user
):
    stock_up(store, product, 3)
    [lapsed] = stock.reserve([(product, 2)], store, "cart:5")
    Reservation.objects.filter(pk=lapsed.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    before = StockMovement.objects.latest("pk").pk

    stock.request_transfer(store, other_store, product, 1, user)  # one copy is free: enough
    assert not StockMovement.objects.filter(pk__gt=before).exists()
    stock.request_transfer(store, other_store, product, 3, user)  # needs the lapsed copies

    release = StockMovement.objects.get(pk__gt=before)
    assert (release.kind, release.actor, release.reason) == ("release", user, "Reserva vencida")
