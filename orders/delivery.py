"""Delivery: Lima districts in zones with time windows of limited capacity; the rest of Peru by
courier with an estimated date."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.text import normalize
from crm.peru import canonical_district
from orders.exceptions import NotDeliverable, SlotFull
from orders.models import DeliveryDistrict, DeliverySlot, DeliveryWindow, DeliveryZone

# Courier to the provinces: working days to arrive, by region (others take the default).
COURIER_DAYS = {"default": 5, "arequipa": 3, "la libertad": 3, "cusco": 4, "callao": 2}
COURIER_FEE = Decimal("15.00")


@dataclass(frozen=True)
class DeliveryQuote:
    """What delivery to an address costs and how it is scheduled."""

    fee: Decimal
    zone: DeliveryZone | None  # None: courier to the provinces
    courier_eta: date | None

    @property
    def by_courier(self) -> bool:
        return self.zone is None


@dataclass(frozen=True)
class SlotOption:
    date: date
    window: DeliveryWindow
    remaining: int

    @property
    def value(self) -> str:
        return f"{self.date.isoformat()}|{self.window.pk}"


def zone_for_district(district: str) -> DeliveryZone | None:
    """The zone of a Lima district, by its official name or as people say it ("Surco")."""
    wanted = normalize(canonical_district(district))
    if not wanted:
        return None
    for row in DeliveryDistrict.objects.select_related("zone").filter(zone__is_active=True):
        if normalize(row.name) == wanted:
            return row.zone
    return None


def quote_delivery(*, district: str, province: str, region: str, today: date | None = None):
    """Fee and schedule for an address: a Lima zone, or the courier for the provinces."""
    today = today or timezone.localdate()
    # Lima's zones serve the provinces of Lima and Callao only: another region is the courier's
    # even when the province field still says "Lima" (its default) after the region changed.
    region_key = normalize(region)
    is_lima = region_key == "callao" or (
        region_key in {"lima", ""} and normalize(province) in {"lima", "callao"}
    )
    if is_lima:
        zone = zone_for_district(district)
        if zone is None:
            raise NotDeliverable(
                _(
                    "Todavía no repartimos en %(district)s. Elige recojo en tienda o escríbenos "
                    "por el chat y vemos cómo hacerte llegar tu pedido."
                )
                % {"district": district or "—"}
            )
        return DeliveryQuote(fee=zone.fee, zone=zone, courier_eta=None)
    days = COURIER_DAYS.get(normalize(region), COURIER_DAYS["default"])
    return DeliveryQuote(fee=COURIER_FEE, zone=None, courier_eta=_add_working_days(today, days))


def _add_working_days(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 6:  # couriers deliver Monday to Saturday
            days -= 1
    return current


def slot_options(zone: DeliveryZone, *, days: int = 7, today: date | None = None):
    """The (date, window) pairs that still have room, from the zone's first possible day."""
    today = today or timezone.localdate()
    first = today + timedelta(days=max(zone.lead_days, 1))
    dates = [first + timedelta(days=n) for n in range(days)]
    windows = list(DeliveryWindow.objects.filter(is_active=True).order_by("starts_at"))
    booked = {
        (slot.date, slot.window_id): slot.booked
        for slot in DeliverySlot.objects.filter(date__in=dates, window__in=windows)
    }
    options = []
    for day in dates:
        for window in windows:
            remaining = window.capacity - booked.get((day, window.pk), 0)
            if remaining > 0:
                options.append(SlotOption(date=day, window=window, remaining=remaining))
    return options


def parse_slot(value: str) -> tuple[date, int]:
    """ "2026-11-25|3" -> (date, window id), or NotDeliverable for anything else."""
    try:
        day, window_id = (value or "").split("|", 1)
        return date.fromisoformat(day), int(window_id)
    except (ValueError, TypeError):
        raise NotDeliverable(_("Elige una fecha y un horario de entrega.")) from None


def book_slot(*, zone: DeliveryZone, day: date, window_id: int, today: date | None = None):
    """Take one place in a window, or SlotFull. Call inside the order's transaction.

    The conditional UPDATE (booked < capacity) makes two customers racing for the last place
    get one success and one SlotFull, on any database.
    """
    today = today or timezone.localdate()
    if day < today + timedelta(days=max(zone.lead_days, 1)):
        raise NotDeliverable(_("Esa fecha ya no está disponible; elige otra."))
    window = DeliveryWindow.objects.filter(pk=window_id, is_active=True).first()
    if window is None:
        raise NotDeliverable(_("Ese horario no existe; elige otro."))
    slot = DeliverySlot.objects.filter(window=window, date=day).first()
    if slot is None:
        try:
            with transaction.atomic():
                slot = DeliverySlot.objects.create(window=window, date=day)
        except IntegrityError:
            slot = DeliverySlot.objects.get(window=window, date=day)
    taken = DeliverySlot.objects.filter(pk=slot.pk, booked__lt=window.capacity).update(
        booked=F("booked") + 1
    )
    if not taken:
        raise SlotFull()
    slot.refresh_from_db()
    return slot


def free_slot(slot: DeliverySlot) -> None:
    """Give a place back (the order was annulled)."""
    DeliverySlot.objects.filter(pk=slot.pk, booked__gt=0).update(booked=F("booked") - 1)
