"""Fixtures of the staff order tests; test modules import them with `from ... import *`."""

import pytest

from accounts.models import User
from accounts.roles import Role
from tests.factories import StoreFactory, UserFactory

__all__ = ["admin_user", "arequipa", "arequipa_clerk", "clerk", "clerk_client"]


@pytest.fixture
def clerk(miraflores):
    return UserFactory(email="rosa@librospepito.pe", store=miraflores, role=Role.CLERK)


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def arequipa(db):
    return StoreFactory(slug="arequipa", name="Libros Pepito Arequipa", region="Arequipa")


@pytest.fixture
def arequipa_clerk(arequipa):
    return UserFactory(email="jorge@librospepito.pe", store=arequipa, role=Role.CLERK)


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser(email="admin@librospepito.pe", password="x-admin-2026")
