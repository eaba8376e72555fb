import pytest

from outbox import sms


@pytest.fixture(autouse=True)
def _eager_notifications(settings):
    """Notifications are sent in-process after commit, whatever REDIS_URL says (as in
    tests/inventory)."""
    from config.celery import app

    settings.SMS_BACKEND = "outbox.sms.LocmemBackend"
    sms.outbox.clear()
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
    sms.outbox.clear()


@pytest.fixture
def product(db):
    from tests.factories.catalog import ProductFactory

    return ProductFactory(title="La ciudad y los perros")
