"""The URL walker as the anonymous (tests/config/url_walker.py; one file per role so that
pytest-xdist spreads the walk over its workers)."""

import pytest

from tests.config.url_walker import walk, world  # noqa: F401 (the fixture)


@pytest.mark.django_db
def test_no_url_answers_5xx_to_hostile_input(world, settings):  # noqa: F811
    walk(world, "anonymous", settings)
