import pytest
from django.contrib.auth.models import Group

from accounts.roles import ROLE_PERMISSIONS, Role, sync_roles
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_migration_creates_every_role_group():
    names = set(Group.objects.values_list("name", flat=True))

    assert names >= {"cliente", "vendedor", "jefe de tienda", "dueño", "administrador"}


@pytest.mark.parametrize("role", [Role.CLERK, Role.STORE_MANAGER, Role.OWNER])
def test_role_groups_have_exactly_their_permissions(role):
    group = Group.objects.get(name=role.value)
    granted = {
        f"{app}.{code}"
        for app, code in group.permissions.values_list("content_type__app_label", "codename")
    }

    assert granted == set(ROLE_PERMISSIONS[role])


def test_a_clerk_can_see_customers_but_not_change_users():
    clerk = UserFactory(role=Role.CLERK, store=StoreFactory())

    assert clerk.has_perm("crm.change_customer")
    assert not clerk.has_perm("accounts.change_user")
    assert clerk.is_store_staff
    assert clerk.has_role(Role.CLERK)


def test_customers_have_no_staff_permissions():
    customer = UserFactory(role=Role.CUSTOMER)

    assert not customer.has_perm("crm.view_customer")
    assert not customer.is_store_staff


def test_sync_roles_is_idempotent():
    before = {g.name: g.permissions.count() for g in Group.objects.all()}

    sync_roles()

    assert {g.name: g.permissions.count() for g in Group.objects.all()} == before


def test_staff_belong_to_a_store():
    store = StoreFactory(slug="cusco", name="Libros Pepito Cusco")
    clerk = UserFactory(role=Role.CLERK, store=store)

    assert list(store.staff.all()) == [clerk]


@pytest.mark.parametrize(
    ("role", "superuser", "picks"),
    [
        (Role.OWNER, False, True),
        (Role.ADMIN, True, True),
        (Role.STORE_MANAGER, False, False),
        (Role.CLERK, False, False),
    ],
)
def test_only_the_owner_and_admins_pick_any_store(role, superuser, picks):
    from inventory.staff import can_pick_store

    user = UserFactory(role=role, is_superuser=superuser, store=StoreFactory())

    assert user.can_pick_any_store is picks
    assert can_pick_store(user) is picks
