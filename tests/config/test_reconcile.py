"""`manage.py reconcile` and the nightly beat task: every registered reconciler, a report to
the admins only when something differs."""

from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import CommandError, call_command

from config.tasks import reconcile_task
from core import reconcile
from inventory.models import StockItem
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Operaciones", "ops@librospepito.pe")]


@pytest.fixture
def diverged(store):
    product = ProductFactory(title="Conversación en La Catedral")
    stock_up(store, product, 2)
    StockItem.objects.update(on_hand=5)  # behind the ledger's back
    return product


def test_the_apps_register_their_reconcilers():
    assert {"stock", "outbox"} <= set(reconcile.registered())


def test_clean_run_exits_zero_and_mails_nobody(store, admins):
    stock_up(store, ProductFactory(), 3)
    out = StringIO()

    call_command("reconcile", "--mail", "--only", "stock,outbox", stdout=out)

    assert "Sin diferencias: stock, outbox." in out.getvalue()
    assert mail.outbox == []


def test_a_difference_is_printed_and_exits_one(diverged):
    err = StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("reconcile", "--only", "stock", stdout=StringIO(), stderr=err)

    assert exit_.value.code == 1
    assert diverged.title in err.getvalue() and "en tienda 5 / kardex 2" in err.getvalue()


def test_fix_corrects_checks_again_and_exits_zero(diverged):
    out = StringIO()

    call_command("reconcile", "--fix", "--only", "stock", stdout=out)

    assert "Corregido según el kardex" in out.getvalue()
    assert "Después de corregir" in out.getvalue()
    assert StockItem.objects.get().on_hand == 2


def test_an_unknown_reconciler_is_refused_in_spanish():
    with pytest.raises(CommandError, match="No hay conciliador pagoz"):
        call_command("reconcile", "--only", "pagoz")


def test_the_beat_task_mails_the_admins_only_when_something_differs(diverged, admins, monkeypatch):
    monkeypatch.setattr(
        reconcile, "_registry", {"stock": reconcile.registered()["stock"]}, raising=True
    )

    assert reconcile_task() == 1

    [message] = mail.outbox
    assert message.to == ["ops@librospepito.pe"]
    assert "1 diferencia" in message.subject and "1 diferencias" not in message.subject
    assert diverged.title in message.body

    StockItem.objects.update(on_hand=2)
    mail.outbox.clear()
    assert reconcile_task() == 0
    assert mail.outbox == []


def test_a_reconciler_that_crashes_is_reported_and_the_others_still_run(store, admins, monkeypatch):
    def broken(*, fix):
        raise RuntimeError("Stripe no responde")

    monkeypatch.setattr(
        reconcile, "_registry", {"stock": reconcile.registered()["stock"], "zz-roto": broken}
    )

    results = reconcile.run_all()

    assert [(r.name, r.ok) for r in results] == [("stock", True), ("zz-roto", False)]
    reconcile_task()
    [message] = mail.outbox
    assert "falló zz-roto" in message.subject and "Stripe no responde" in message.body


def test_the_reconciliation_runs_at_night_in_lima():
    entry = django_settings.CELERY_BEAT_SCHEDULE["reconcile-nightly"]
    assert entry["task"] == "config.tasks.reconcile_task"
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {30}
    assert django_settings.CELERY_TIMEZONE == "America/Lima"
