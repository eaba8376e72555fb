import importlib

import pytest
from django.urls import Resolver404, clear_url_caches, resolve

import config.urls


@pytest.fixture
def reload_urls():
    """Reload config.urls after the test changed a setting it reads, and once more after."""

    def reload():
        clear_url_caches()
        importlib.reload(config.urls)

    yield reload
    reload()


def test_the_hello_view_does_not_exist_by_default(client, settings, reload_urls):
    settings.BENCH_HELLO_VIEW = False
    reload_urls()

    with pytest.raises(Resolver404):
        resolve("/bench/hello/")


@pytest.mark.django_db
def test_the_hello_view_answers_only_when_the_benchmark_flag_is_on(client, settings, reload_urls):
    settings.BENCH_HELLO_VIEW = True
    reload_urls()

    response = client.get("/bench/hello/")

    assert response.status_code == 200
    assert response.content == b"hello"


def test_the_flag_is_off_unless_the_environment_sets_it():
    from django.conf import settings

    assert settings.BENCH_HELLO_VIEW is False
