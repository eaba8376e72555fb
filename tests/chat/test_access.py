"""chat.access: one query says who may see a conversation; every yes/no check comes from it."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from chat import access, assignment, followups, selectors
from chat.exceptions import ChatForbidden
from chat.models import FollowUp
from tests.chat.conftest import logged_in
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(first_name="Pepito", role=Role.OWNER)


def test_who_sees_which_conversation(rosa, jorge, miraflores, san_isidro, owner):
    account = UserFactory()
    account.customer.preferred_store = san_isidro
    account.customer.save()
    mine = assignment.start_conversation(name="Luis", customer=account.customer)
    at_miraflores = assignment.start_conversation(
        name="Ana", customer=CustomerFactory(preferred_store=miraflores)
    )
    waiting_anywhere = assignment.start_conversation(name="Beto")
    taken_by_jorge = assignment.start_conversation(
        name="Carla", customer=CustomerFactory(preferred_store=san_isidro)
    )
    assignment.take(user=jorge, conversation_id=taken_by_jorge.pk)
    admin = UserFactory(is_superuser=True)
    everything = {mine.pk, at_miraflores.pk, waiting_anywhere.pk, taken_by_jorge.pk}

    def seen(user, **kwargs):
        return set(access.visible_conversations(user=user, **kwargs).values_list("pk", flat=True))

    assert seen(account, side=access.CUSTOMER) == {mine.pk}
    assert seen(account) == set()  # not staff: no inbox
    assert seen(rosa) == {at_miraflores.pk, waiting_anywhere.pk}
    assert seen(jorge) == {mine.pk, taken_by_jorge.pk, waiting_anywhere.pk}
    assert seen(owner) == seen(admin) == everything
    # A visitor's browser: the conversation of its session's token, nothing else.
    session = {access.SESSION_KEY: waiting_anywhere.visitor_token}
    assert seen(None, session=session, side=access.CUSTOMER) == {waiting_anywhere.pk}
    assert seen(None, session={}, side=access.CUSTOMER) == set()

    # The yes/no checks are the same query.
    for user in (rosa, jorge, owner, admin, account):
        for conversation in (mine, at_miraflores, waiting_anywhere, taken_by_jorge):
            assert access.clerk_can_access(user, conversation) == (conversation.pk in seen(user))
    # And the inbox lists only what the clerk may open.
    inbox = selectors.inbox(user=rosa)
    listed = {c.pk for key in ("waiting", "mine", "others", "away") for c in inbox[key]}
    assert listed <= seen(rosa)


def test_a_token_of_a_conversation_taken_by_another_account_is_not_this_browsers(rosa):
    owner_of_it, intruder = UserFactory(), UserFactory()
    conversation = assignment.start_conversation(name="Luis", customer=owner_of_it.customer)
    session = {access.SESSION_KEY: conversation.visitor_token}

    with pytest.raises(ChatForbidden):
        access.customer_conversation(session=session, user=intruder)
    assert access.customer_conversation(session=session, user=owner_of_it) == conversation


def test_follow_ups_are_seen_and_handled_under_the_same_rule(
    rosa, jorge, miraflores, san_isidro, owner
):
    """The owner sees every store's follow-ups and may mark each one done (it used to 403)."""
    here = FollowUp.objects.create(name="Ana", phone="+51987654321", text="¿Hay?", store=miraflores)
    there = FollowUp.objects.create(
        name="Beto", phone="+51987654322", text="¿Hay?", store=san_isidro
    )
    nowhere = FollowUp.objects.create(name="Carla", phone="+51987654323", text="¿Hay?")

    def listed(user):
        return {f.pk for f in selectors.inbox(user=user)["follow_ups"]}

    assert listed(rosa) == {here.pk, nowhere.pk}
    assert listed(owner) == {here.pk, there.pk, nowhere.pk}

    # Rosa cannot close San Isidro's; the owner can close any.
    url = reverse("staff:chat_follow_up_done", args=[there.pk])
    assert logged_in(rosa).post(url).status_code == 403
    assert logged_in(owner).post(url).status_code == 200
    there.refresh_from_db()
    assert there.handled and there.handled_by == owner
    with pytest.raises(ChatForbidden):
        followups.handle_follow_up(user=UserFactory(), follow_up_id=here.pk)
    followups.handle_follow_up(user=rosa, follow_up_id=here.pk)
    assert listed(rosa) == {nowhere.pk}
