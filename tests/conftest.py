import os
import uuid

import pytest
from django.conf import settings as django_settings

from accounts.roles import Role
from tests.factories import CustomerFactory, StoreFactory, UserFactory

USING_POSTGRES = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
USING_REDIS = bool(django_settings.REDIS_URL)

# Playwright's sync API runs an event loop in the test's thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# The pytest-xdist worker ("gw0", "gw1"...; "main" without xdist), in every Redis key prefix.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own cache namespace (rate limits, sessions...) and, on Redis, its own
    channel layer prefix: no key is shared between tests nor between xdist workers. (Nothing
    else in the tests touches Redis: Celery is eager or its messages are never consumed.)"""
    caches = {**settings.CACHES, "default": {**settings.CACHES["default"]}}
    caches["default"]["KEY_PREFIX"] = f"test-{WORKER}-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches
    if USING_REDIS:
        layers = {**settings.CHANNEL_LAYERS, "default": {**settings.CHANNEL_LAYERS["default"]}}
        layers["default"]["CONFIG"] = {
            **layers["default"]["CONFIG"],
            "prefix": f"test-{WORKER}-{uuid.uuid4().hex[:12]}",
        }
        settings.CHANNEL_LAYERS = layers
    yield


_FLUSHED = pytest.StashKey[bool]()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


def _restore_roles() -> None:
    from django.contrib.auth.models import Group

    from accounts.roles import sync_roles

    if not Group.objects.exists():
        sync_roles()


@pytest.fixture(autouse=True)
def _roles_survive_flushes(request):
    """Transactional tests empty every table afterwards, role groups included (they come from
    a data migration); a transactional test finds them in place (see also the hook below)."""
    if _is_transactional(request.node):
        request.getfixturevalue("_django_db_helper")
        request.node.stash[_FLUSHED] = True  # its test database is set up, and will be flushed
        _restore_roles()
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, put the role groups back at once, outside any test
    transaction: under pytest-xdist a worker runs files in any order, so the next test may be
    an ordinary one (rolled back, so it could not keep groups it made itself)."""
    try:
        return (yield)
    finally:
        if nextitem is not None and item.stash.get(_FLUSHED, False):
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock():
                _restore_roles()


@pytest.fixture(autouse=True)
def _redis_breakers_closed():
    """Resilience: a test that made Redis (cache or broker) fail must not leave its circuit
    breaker open for the next tests of the process."""
    yield
    from config.cache import BREAKER as cache_breaker
    from outbox.queue import BREAKER as broker_breaker

    cache_breaker.close()
    broker_breaker.close()


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _events_in_process(settings):
    """Event handlers run right after commit, in the test's process (no Celery worker runs
    during the suite); tests of the Celery hand-off turn it off."""
    settings.OUTBOX_INLINE = True


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """The page cache (config.pagecache) is off in tests: factories and direct updates change
    rows without the services' generation bumps, so a test that reads a page, changes a row
    and reads it again would see the first page. Its own tests turn it on."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def store(db):
    return StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def customer(user):
    return user.customer


@pytest.fixture
def walk_in_customer(db):
    return CustomerFactory()


# Stores and staff (the staff console tests of every app)
# ------------------------------------------------------------------------------


@pytest.fixture
def miraflores(db):
    return StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")


@pytest.fixture
def arequipa(db):
    return StoreFactory(slug="arequipa", name="Libros Pepito Arequipa", region="Arequipa")


@pytest.fixture
def clerk(miraflores):
    return UserFactory(email="rosa@librospepito.pe", store=miraflores, role=Role.CLERK)


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def arequipa_clerk(arequipa):
    return UserFactory(email="jorge@librospepito.pe", store=arequipa, role=Role.CLERK)


@pytest.fixture
def superuser(db):
    """A superuser of ours (pytest-django's `admin_user` is left as it is)."""
    from accounts.models import User

    return User.objects.create_superuser(email="admin@librospepito.pe", password="x-admin-2026")


@pytest.fixture(autouse=True)
def _private_media_in_a_temp_dir(settings, tmp_path_factory):
    """Private uploads (catalog import files, STORAGES["private"]) go to a temporary folder,
    never into the work tree."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "private")
