"""orders.delivery, rule by rule: which addresses Lima's zones serve, the courier's date to the
rest of Peru, the windows a customer is offered and how a place in one is taken and given back.

Written for the module's mutation run (README "Mutation testing"); each test states what the
customer sees at checkout (fee, date, windows, the Spanish refusal) on a fixed day, so a rule
changed by one character fails here.
"""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from orders import delivery
from orders.exceptions import NotDeliverable, SlotFull
from orders.models import DeliveryDistrict, DeliverySlot, DeliveryWindow, DeliveryZone

pytestmark = pytest.mark.django_db

SATURDAY = date(2026, 12, 5)  # the courier does not deliver on the Sunday after it


@pytest.fixture
def moderna(db):
    zone = DeliveryZone.objects.create(name="Lima Moderna", fee=Decimal("10.00"), lead_days=1)
    for name in ("Miraflores", "Santiago de Surco", "Bellavista"):
        DeliveryDistrict.objects.create(name=name, zone=zone)
    return zone


def windows():
    """Created afternoon first: the offer is by the hour, not by creation."""
    afternoon = DeliveryWindow.objects.create(
        label="14:00–18:00", starts_at=time(14), ends_at=time(18), capacity=2
    )
    morning = DeliveryWindow.objects.create(
        label="9:00–13:00", starts_at=time(9), ends_at=time(13), capacity=3
    )
    DeliveryWindow.objects.create(
        label="Noche", starts_at=time(19), ends_at=time(21), capacity=9, is_active=False
    )
    return morning, afternoon


def quote(district="Miraflores", province="Lima", region="Lima"):
    return delivery.quote_delivery(
        district=district, province=province, region=region, today=SATURDAY
    )


# Which addresses a zone serves
# ------------------------------------------------------------------------------


def test_a_district_is_found_by_its_name_as_people_write_it_in_one_query(
    moderna, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the zone comes with the district
        zone = delivery.zone_for_district("  surco ")
        assert zone.name == "Lima Moderna"
    assert delivery.zone_for_district("MIRAFLORES") == moderna
    assert delivery.zone_for_district("Ate") is None
    assert delivery.zone_for_district("") is None
    DeliveryZone.objects.filter(pk=moderna.pk).update(is_active=False)
    assert delivery.zone_for_district("Miraflores") is None  # a zone switched off serves no one


@pytest.mark.parametrize(
    ("province", "region"),
    [
        ("Lima", "Lima"),
        ("lima", "LIMA"),
        ("Callao", "Callao"),
        ("Lima", "Callao"),  # Callao's region whatever the province says
        ("Callao", ""),  # no region written: the province decides
        ("Lima", ""),
        ("Callao", "Lima"),
    ],
)
def test_lima_and_callao_are_served_by_the_zones(moderna, province, region):
    assert quote("Bellavista", province, region) == delivery.DeliveryQuote(
        fee=Decimal("10.00"), zone=moderna, courier_eta=None
    )


@pytest.mark.parametrize(
    ("province", "region"),
    [
        ("Lima", "Arequipa"),  # the region changed, the province kept its default
        ("Huaral", "Lima"),  # Lima's region outside Lima's province
        ("Arequipa", "Arequipa"),
        ("Trujillo", ""),
    ],
)
def test_anywhere_else_goes_by_courier_even_with_a_lima_district_name(moderna, province, region):
    found = quote("Miraflores", province, region)

    assert (found.fee, found.zone, found.by_courier) == (delivery.COURIER_FEE, None, True)
    assert found.fee == Decimal("15.00")


def test_a_lima_district_without_a_zone_is_refused_naming_it(moderna):
    with pytest.raises(NotDeliverable) as refused:
        quote("Ancón")
    assert refused.value.message == (
        "Todavía no repartimos en Ancón. Elige recojo en tienda o escríbenos por el chat y "
        "vemos cómo hacerte llegar tu pedido."
    )

    with pytest.raises(NotDeliverable) as refused:
        quote("")
    assert refused.value.message.startswith("Todavía no repartimos en —. Elige recojo")


# The courier's date
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "arrives"),
    [
        ("Arequipa", date(2026, 12, 9)),  # 3 working days: Mon 7, Tue 8, Wed 9
        ("La Libertad", date(2026, 12, 9)),
        ("Cusco", date(2026, 12, 10)),  # 4
        ("Piura", date(2026, 12, 11)),  # the default 5
        ("cusco", date(2026, 12, 10)),  # the region as typed
    ],
)
def test_the_courier_counts_working_days_monday_to_saturday(region, arrives):
    found = delivery.quote_delivery(
        district="Centro", province=region, region=region, today=SATURDAY
    )

    assert found.courier_eta == arrives


def test_a_saturday_counts_as_a_working_day():
    friday = SATURDAY - timedelta(days=1)
    found = delivery.quote_delivery(
        district="Centro", province="Arequipa", region="Arequipa", today=friday
    )

    assert found.courier_eta == date(2026, 12, 8)  # Sat 5, (Sun 6), Mon 7, Tue 8


def test_without_a_day_the_courier_counts_from_today():
    found = delivery.quote_delivery(district="Centro", province="Piura", region="Piura")

    assert found.courier_eta == delivery._add_working_days(delivery.timezone.localdate(), 5)
    assert found.courier_eta > delivery.timezone.localdate() + timedelta(days=4)


# The windows offered
# ------------------------------------------------------------------------------


def test_the_offer_starts_after_the_zone_lead_and_lists_windows_by_the_hour(moderna):
    morning, afternoon = windows()

    offer = delivery.slot_options(moderna, days=2, today=SATURDAY)

    assert [(o.date, o.window, o.remaining) for o in offer] == [
        (date(2026, 12, 6), morning, 3),
        (date(2026, 12, 6), afternoon, 2),
        (date(2026, 12, 7), morning, 3),
        (date(2026, 12, 7), afternoon, 2),
    ]
    assert offer[0].value == f"2026-12-06|{morning.pk}"
    assert len(delivery.slot_options(moderna, today=SATURDAY)) == 7 * 2  # a week by default


def test_a_same_day_zone_still_starts_tomorrow_and_a_longer_lead_later(moderna):
    morning, _ = windows()
    moderna.lead_days = 0
    assert delivery.slot_options(moderna, days=1, today=SATURDAY)[0].date == date(2026, 12, 6)
    moderna.lead_days = 3
    assert delivery.slot_options(moderna, days=1, today=SATURDAY)[0].date == date(2026, 12, 8)


def test_booked_places_are_taken_off_and_a_full_window_is_not_offered(moderna):
    morning, afternoon = windows()
    first = date(2026, 12, 6)
    DeliverySlot.objects.create(window=morning, date=first, booked=2)  # one place left
    DeliverySlot.objects.create(window=afternoon, date=first, booked=2)  # full
    DeliverySlot.objects.create(window=afternoon, date=date(2026, 12, 20), booked=2)  # later

    offer = delivery.slot_options(moderna, days=2, today=SATURDAY)

    assert [(o.date, o.window, o.remaining) for o in offer] == [
        (first, morning, 1),
        (date(2026, 12, 7), morning, 3),
        (date(2026, 12, 7), afternoon, 2),
    ]


def test_without_a_day_the_offer_starts_tomorrow(moderna):
    windows()
    offer = delivery.slot_options(moderna, days=1)

    assert offer[0].date == delivery.timezone.localdate() + timedelta(days=1)


# A window's value, and taking and giving back a place
# ------------------------------------------------------------------------------


def test_a_window_value_is_read_back_and_anything_else_is_refused():
    assert delivery.parse_slot("2026-12-06|7") == (date(2026, 12, 6), 7)
    for value in ("", None, "2026-12-06", "2026-12-06 7", "7|2026-12-06", "x|y", "2026-13-01|7"):
        with pytest.raises(NotDeliverable) as refused:
            delivery.parse_slot(value)
        assert refused.value.message == "Elige una fecha y un horario de entrega."


def test_booking_takes_one_place_until_the_window_is_full(moderna):
    morning, afternoon = windows()
    day = date(2026, 12, 6)  # the first day the zone offers

    slot = delivery.book_slot(zone=moderna, day=day, window_id=afternoon.pk, today=SATURDAY)
    assert (slot.window, slot.date, slot.booked) == (afternoon, day, 1)
    again = delivery.book_slot(zone=moderna, day=day, window_id=afternoon.pk, today=SATURDAY)
    assert (again.pk, again.booked) == (slot.pk, 2)  # the same slot, one more place

    with pytest.raises(SlotFull):
        delivery.book_slot(zone=moderna, day=day, window_id=afternoon.pk, today=SATURDAY)
    assert DeliverySlot.objects.get(pk=slot.pk).booked == 2
    other = DeliverySlot.objects.exclude(pk=slot.pk)
    assert not other.exists()  # the other windows and days are untouched


def test_a_day_before_the_zone_lead_is_refused(moderna):
    morning, _ = windows()
    with pytest.raises(NotDeliverable) as refused:
        delivery.book_slot(zone=moderna, day=SATURDAY, window_id=morning.pk, today=SATURDAY)
    assert refused.value.message == "Esa fecha ya no está disponible; elige otra."
    moderna.lead_days = 2
    with pytest.raises(NotDeliverable):
        delivery.book_slot(
            zone=moderna, day=date(2026, 12, 6), window_id=morning.pk, today=SATURDAY
        )
    assert not DeliverySlot.objects.exists()


def test_without_a_day_booking_checks_against_today(moderna):
    morning, _ = windows()
    today = delivery.timezone.localdate()
    with pytest.raises(NotDeliverable):
        delivery.book_slot(zone=moderna, day=today, window_id=morning.pk)
    slot = delivery.book_slot(zone=moderna, day=today + timedelta(days=1), window_id=morning.pk)
    assert slot.booked == 1


def test_a_window_switched_off_or_unknown_is_refused(moderna):
    windows()
    off = DeliveryWindow.objects.get(is_active=False)
    for window_id in (off.pk, 999_999):
        with pytest.raises(NotDeliverable) as refused:
            delivery.book_slot(
                zone=moderna, day=date(2026, 12, 6), window_id=window_id, today=SATURDAY
            )
        assert refused.value.message == "Ese horario no existe; elige otro."
    assert not DeliverySlot.objects.exists()


def test_giving_a_place_back_frees_that_slot_only_and_never_below_zero(moderna):
    morning, afternoon = windows()
    day = date(2026, 12, 6)
    mine = DeliverySlot.objects.create(window=morning, date=day, booked=2)
    theirs = DeliverySlot.objects.create(window=afternoon, date=day, booked=1)

    delivery.free_slot(mine)
    assert DeliverySlot.objects.get(pk=mine.pk).booked == 1
    delivery.free_slot(mine)
    delivery.free_slot(mine)
    assert DeliverySlot.objects.get(pk=mine.pk).booked == 0
    assert DeliverySlot.objects.get(pk=theirs.pk).booked == 1


def test_booking_takes_the_place_in_that_window_on_that_day_only(moderna):
    morning, afternoon = windows()
    day = date(2026, 12, 7)
    other_window = DeliverySlot.objects.create(window=afternoon, date=day, booked=1)
    other_day = DeliverySlot.objects.create(window=morning, date=date(2026, 12, 8), booked=1)

    slot = delivery.book_slot(zone=moderna, day=day, window_id=morning.pk, today=SATURDAY)

    assert (slot.window, slot.date, slot.booked) == (morning, day, 1)
    assert slot.pk not in (other_window.pk, other_day.pk)
    assert DeliverySlot.objects.get(pk=other_window.pk).booked == 1
    assert DeliverySlot.objects.get(pk=other_day.pk).booked == 1
