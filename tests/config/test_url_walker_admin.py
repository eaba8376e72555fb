"""The URL walker through the Django admin, as the superuser (the only role that gets past its
login; the others are walked to the login in their own files)."""

import pytest

from tests.config.url_walker import walk, world  # noqa: F401 (the fixture)


@pytest.mark.django_db
def test_no_url_answers_5xx_to_hostile_input(world, settings):  # noqa: F811
    walk(world, "superuser", settings, admin=True)
