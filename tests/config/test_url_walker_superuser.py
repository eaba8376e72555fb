"""The URL walker as the superuser: the site's pages here, the admin's in
test_url_walker_admin.py (one file each so that pytest-xdist spreads the walk)."""

import pytest

from tests.config.url_walker import walk, world  # noqa: F401 (the fixture)


@pytest.mark.django_db
def test_no_url_answers_5xx_to_hostile_input(world, settings):  # noqa: F811
    walk(world, "superuser", settings, admin=False)
