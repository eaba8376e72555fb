from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import app
from inventory import stock
from inventory.models import Reservation, StockItem
from inventory.tasks import release_expired_reservations_task
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_the_expiry_task_releases_holds_past_their_time(store, product):
    stock_up(store, product, 3)
    [old] = stock.reserve([(product, 2)], store, "cart:1")
    [fresh] = stock.reserve([(product, 1)], store, "cart:2")
    Reservation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert release_expired_reservations_task.delay().get() == 1

    assert StockItem.objects.get().reserved == 1
    assert dict(Reservation.objects.values_list("pk", "state")) == {
        old.pk: "expired",
        fresh.pk: "active",
    }
