"""Transfers a clerk can trust: a request the sender cannot fill is refused at once (under the
lock of the sender's stock row), and a transfer that has not arrived can be annulled, with the
copies back at the sender and a ledger line when they had left."""

import pytest

from accounts.roles import Role
from inventory import stock
from inventory.exceptions import OutOfStock, TransferExceedsStock, TransferNotCancellable
from inventory.models import StockItem, StockMovement, Transfer
from tests.factories import StoreFactory, UserFactory
from tests.factories.inventory import stock_up
from tests.inventory.test_stock import ledger_matches

pytestmark = pytest.mark.django_db

PAGE = "/tienda/stock/transferencias/"


def test_a_request_for_more_than_the_sender_has_is_refused_in_spanish(store, other_store, product):
    stock_up(other_store, product, 2)

    with pytest.raises(TransferExceedsStock) as error:
        stock.request_transfer(other_store, store, product, 5)

    assert error.value.message == (
        f"{other_store} tiene solo 2 copias disponibles de «{product}» y pediste 5; pide 2 o "
        "menos, o el resto a otra tienda."
    )
    assert isinstance(error.value, OutOfStock)  # callers catching OutOfStock still do
    assert not Transfer.objects.exists()


def test_the_refusal_speaks_of_one_copy_and_of_none(store, other_store, product):
    stock_up(other_store, product, 1)
    with pytest.raises(TransferExceedsStock) as one:
        stock.request_transfer(other_store, store, product, 3)
    assert "tiene solo 1 copia disponible de" in one.value.message
    with pytest.raises(TransferExceedsStock) as none:
        stock.request_transfer(StoreFactory(slug="cusco"), store, product, 1)
    assert "no tiene copias disponibles" in none.value.message


def test_held_copies_are_not_free_for_a_transfer(store, other_store, product):
    stock_up(other_store, product, 3)
    stock.reserve([(product, 2)], other_store, "order:9")
    with pytest.raises(TransferExceedsStock):
        stock.request_transfer(other_store, store, product, 2)
    assert stock.request_transfer(other_store, store, product, 1).quantity == 1


def test_the_page_refuses_the_request_with_the_message(clerk_client, store, other_store, product):
    stock_up(other_store, product, 1)
    response = clerk_client.post(
        f"{PAGE}pedir/", {"isbn": product.isbn, "quantity": 4, "from_store": other_store.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "tiene solo 1 copia disponible" in html
    assert not Transfer.objects.exists()


def test_a_requested_transfer_is_cancelled_by_either_store_without_a_movement(
    client, clerk, store, other_store, product
):
    stock_up(other_store, product, 4)
    asked = stock.request_transfer(other_store, store, product, 2, clerk)
    movements = StockMovement.objects.count()
    client.force_login(clerk)  # the store that asked

    html = client.get(PAGE).content.decode()
    assert f"{PAGE}{asked.pk}/anular/" in html
    response = client.post(f"{PAGE}{asked.pk}/anular/", follow=True)

    assert f"Transferencia #{asked.pk} anulada" in response.content.decode()
    asked.refresh_from_db()
    assert (asked.state, asked.cancelled_by) == ("cancelled", clerk)
    assert asked.cancelled_at is not None and asked.get_state_display() == "Anulada"
    assert StockMovement.objects.count() == movements  # nothing had moved
    # Once annulled it can be neither sent nor annulled again: a message, not a 500.
    again = client.post(f"{PAGE}{asked.pk}/anular/", follow=True)
    assert "no se puede anular" in again.content.decode()
    with pytest.raises(Exception) as sent:
        stock.send_transfer(asked)
    assert "Anulada" in str(sent.value)

    sender = UserFactory(email="jorge@librospepito.pe", store=other_store, role=Role.CLERK)
    other = stock.request_transfer(other_store, store, product, 1, clerk)
    client.force_login(sender)
    client.post(f"{PAGE}{other.pk}/anular/")
    other.refresh_from_db()
    assert other.state == "cancelled"


def test_a_sent_transfer_annulled_gives_the_copies_back_with_a_ledger_line(
    client, store, other_store, product
):
    sender = UserFactory(email="jorge@librospepito.pe", store=other_store, role=Role.CLERK)
    stock_up(other_store, product, 4)
    moving = stock.send_transfer(stock.request_transfer(other_store, store, product, 3), sender)
    assert StockItem.objects.get(store=other_store).on_hand == 1
    client.force_login(sender)

    client.post(f"{PAGE}{moving.pk}/anular/")

    moving.refresh_from_db()
    assert moving.state == "cancelled"
    assert StockItem.objects.get(store=other_store).on_hand == 4
    back = StockMovement.objects.get(kind="transfer_back")
    assert (back.store, back.on_hand_delta, back.actor) == (other_store, 3, sender)
    assert (back.reference_type, back.reference_id) == ("transfer", str(moving.pk))
    assert back.get_kind_display() == "Transferencia anulada"
    assert ledger_matches()


def test_only_the_sender_annuls_copies_on_their_way_and_nobody_a_received_one(
    clerk_client, store, other_store, product
):
    stock_up(other_store, product, 4)
    moving = stock.send_transfer(stock.request_transfer(other_store, store, product, 1))
    assert clerk_client.post(f"{PAGE}{moving.pk}/anular/").status_code == 403
    assert f"{PAGE}{moving.pk}/anular/" not in clerk_client.get(PAGE).content.decode()
    moving.refresh_from_db()
    assert moving.state == "sent"

    stock.receive_transfer(moving)
    with pytest.raises(TransferNotCancellable):
        stock.cancel_transfer(moving)
    # A store outside the transfer cannot touch it.
    cusco = StoreFactory(slug="cusco")
    outsider = stock.request_transfer(other_store, cusco, product, 1)
    assert clerk_client.post(f"{PAGE}{outsider.pk}/anular/").status_code == 403


def test_a_role_that_cannot_change_stock_cannot_annul(client, store, other_store, product):
    stock_up(other_store, product, 2)
    asked = stock.request_transfer(other_store, store, product, 1)
    customer = UserFactory()
    client.force_login(customer)
    assert client.post(f"{PAGE}{asked.pk}/anular/").status_code == 403
    asked.refresh_from_db()
    assert asked.state == "requested"


def test_a_request_that_can_no_longer_be_sent_is_annulled_instead_of_stuck(
    store, other_store, product
):
    stock_up(other_store, product, 3)
    first = stock.request_transfer(other_store, store, product, 2)
    second = stock.request_transfer(other_store, store, product, 2)  # nothing is held on request
    stock.send_transfer(first)
    with pytest.raises(OutOfStock):
        stock.send_transfer(second)

    stock.cancel_transfer(second)

    second.refresh_from_db()
    assert second.state == "cancelled"
    assert StockItem.objects.get(store=other_store).on_hand == 1
    assert ledger_matches()
