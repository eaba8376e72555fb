"""chat.access, rule by rule (the mutants these tests kill): which conversation a browser, an
account and each role of staff reach, and what they are told when they may not."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from chat import access, assignment
from chat.exceptions import ChatError, ChatForbidden
from chat.models import Conversation, FollowUp
from tests.factories import CustomerFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def seen(user, **kwargs) -> set[int]:
    return set(access.visible_conversations(user=user, **kwargs).values_list("pk", flat=True))


# parse_id


@pytest.mark.parametrize(("raw", "value"), [("1", 1), (" 42 ", 42), (7, 7), (str(2**62), 2**62)])
def test_an_id_is_a_positive_whole_number(raw, value):
    assert access.parse_id(raw) == value


@pytest.mark.parametrize("raw", ["0", "-3", str(2**62 + 1), "abc", "", None, "4.5", [1]])
def test_anything_else_is_refused_with_a_spanish_message(raw):
    with pytest.raises(ChatError) as error:
        access.parse_id(raw)

    assert (error.value.code, error.value.message) == ("invalid_id", "Identificador no válido.")


# Who is staff at the inbox


def test_only_store_staff_are_chat_clerks(rosa):
    manager = UserFactory(role=Role.STORE_MANAGER, store=rosa.store)
    assert access.is_chat_clerk(rosa) and access.is_chat_clerk(manager)
    assert not access.is_chat_clerk(UserFactory())
    assert not access.is_chat_clerk(AnonymousUser())
    assert not access.is_chat_clerk(None)


def test_the_owner_and_the_superuser_see_every_store_and_a_clerk_does_not(rosa):
    assert access.sees_every_store(UserFactory(role=Role.OWNER))
    assert access.sees_every_store(UserFactory(is_superuser=True))
    assert not access.sees_every_store(rosa)
    assert not access.sees_every_store(UserFactory(role=Role.STORE_MANAGER, store=rosa.store))


def test_a_clerk_without_a_store_sees_what_waits_without_one_and_their_own(rosa, miraflores):
    floating = UserFactory(role=Role.CLERK)  # no store yet
    waiting = assignment.start_conversation(name="Ana")
    at_store = assignment.start_conversation(
        name="Beto", customer=CustomerFactory(preferred_store=miraflores)
    )
    talking = assignment.start_conversation(name="Carla")
    Conversation.objects.filter(pk=talking.pk).update(
        state=Conversation.State.ACTIVE, assigned_clerk=rosa
    )
    closed = assignment.start_conversation(name="Dora")
    Conversation.objects.filter(pk=closed.pk).update(state=Conversation.State.CLOSED)
    theirs = assignment.start_conversation(name="Eva")
    Conversation.objects.filter(pk=theirs.pk).update(
        state=Conversation.State.ACTIVE, assigned_clerk=floating
    )

    assert seen(floating) == {waiting.pk, theirs.pk}
    # Rosa: her store's, what waits without a store, and what she took (even store-less).
    assert seen(rosa) == {waiting.pk, at_store.pk, talking.pk}


def test_a_manager_sees_their_stores_conversations_only(miraflores, san_isidro):
    manager = UserFactory(role=Role.STORE_MANAGER, store=san_isidro)
    here = assignment.start_conversation(
        name="Ana", customer=CustomerFactory(preferred_store=san_isidro)
    )
    assignment.start_conversation(name="Beto", customer=CustomerFactory(preferred_store=miraflores))

    assert seen(manager) == {here.pk}


def test_a_customer_never_sees_anything_at_the_inbox_nor_a_stranger_as_a_customer():
    account = UserFactory()
    assignment.start_conversation(name="Luis", customer=account.customer)

    assert seen(account) == set()
    assert seen(AnonymousUser(), session={}, side=access.CUSTOMER) == set()
    assert seen(None, session=None, side=access.CUSTOMER) == set()
    assert seen(UserFactory(), session={}, side=access.CUSTOMER) == set()


def test_follow_ups_are_none_for_a_customer_and_every_one_for_the_owner(rosa, san_isidro):
    FollowUp.objects.create(name="Ana", phone="+51987654321", text="¿Hay?", store=san_isidro)
    FollowUp.objects.create(name="Beto", phone="+51987654322", text="¿Hay?")

    assert not access.follow_ups_visible_to(UserFactory()).exists()
    assert not access.follow_ups_visible_to(AnonymousUser()).exists()
    assert access.follow_ups_visible_to(UserFactory(role=Role.OWNER)).count() == 2
    assert access.follow_ups_visible_to(rosa).count() == 1  # the one without a store


# The browser's token and the account


def test_a_logged_in_browser_sees_its_token_conversation_when_no_account_holds_it():
    account = UserFactory()
    as_visitor = assignment.start_conversation(name="Luis")
    guest_customer = CustomerFactory()  # a guest record, no account
    of_a_guest = assignment.start_conversation(name="Luis", customer=guest_customer)

    for conversation in (as_visitor, of_a_guest):
        session = {access.SESSION_KEY: conversation.visitor_token}
        assert seen(account, session=session, side=access.CUSTOMER) == {conversation.pk}


def test_a_token_is_read_to_its_stored_length_only():
    conversation = assignment.start_conversation(name="Luis")
    session = {access.SESSION_KEY: conversation.visitor_token + "x" * 10}

    assert len(conversation.visitor_token) <= 64
    if len(conversation.visitor_token) == 64:
        assert seen(None, session=session, side=access.CUSTOMER) == {conversation.pk}
        found = access.customer_conversation(session=session, user=None)
        assert found == conversation


def test_the_browsers_own_conversation_comes_before_the_accounts_latest():
    account = UserFactory()
    mine_by_account = assignment.start_conversation(name="Luis", customer=account.customer)
    this_browser = assignment.start_conversation(name="Luis")
    session = {access.SESSION_KEY: this_browser.visitor_token}

    assert access.customer_conversation(session={}, user=account) == mine_by_account
    assert access.customer_conversation(session=session, user=account) == this_browser


def test_an_account_reaches_its_latest_conversation():
    account = UserFactory()
    older = assignment.start_conversation(name="Luis", customer=account.customer)
    newer = assignment.start_conversation(name="Luis", customer=account.customer)
    Conversation.objects.filter(pk=older.pk).update(last_activity_at=newer.last_activity_at)
    Conversation.objects.filter(pk=newer.pk).update(
        last_activity_at=newer.last_activity_at.replace(year=newer.last_activity_at.year + 1)
    )

    assert access.customer_conversation(session={}, user=account) == newer


def test_no_conversation_yet_says_so_in_spanish():
    with pytest.raises(ChatForbidden) as error:
        access.customer_conversation(session={}, user=None)

    assert error.value.code == "no_conversation"
    assert error.value.message == "Todavía no iniciaste una conversación."
    with pytest.raises(ChatForbidden) as error:
        access.customer_conversation(session={access.SESSION_KEY: "no-such-token"}, user=None)
    assert error.value.code == "no_conversation"


def test_a_token_of_someone_elses_conversation_is_forbidden_not_missing():
    owner_of_it, intruder = UserFactory(), UserFactory()
    conversation = assignment.start_conversation(name="Luis", customer=owner_of_it.customer)

    with pytest.raises(ChatForbidden) as error:
        access.customer_conversation(
            session={access.SESSION_KEY: conversation.visitor_token}, user=intruder
        )

    assert error.value.code == "forbidden"


@pytest.mark.parametrize("requested", [None, ""])
def test_no_requested_id_means_this_browsers_conversation(requested):
    conversation = assignment.start_conversation(name="Luis")
    session = {access.SESSION_KEY: conversation.visitor_token}

    found = access.customer_conversation(session=session, user=None, requested_id=requested)

    assert found == conversation


def test_asking_for_another_conversation_is_refused_and_for_ones_own_is_fine():
    conversation = assignment.start_conversation(name="Luis")
    other = assignment.start_conversation(name="Ana")
    session = {access.SESSION_KEY: conversation.visitor_token}

    with pytest.raises(ChatForbidden) as error:
        access.customer_conversation(session=session, user=None, requested_id=other.pk)
    assert error.value.code == "forbidden"
    assert (
        access.customer_conversation(session=session, user=None, requested_id=str(conversation.pk))
        == conversation
    )
    assert (
        access.customer_conversation(session=session, user=None, requested_id=conversation.pk)
        == conversation
    )


# After login


def test_after_login_the_visitors_conversation_moves_to_the_account_and_its_store(san_isidro):
    account = UserFactory()
    account.customer.preferred_store = san_isidro
    account.customer.save()
    conversation = assignment.start_conversation(name="Luis")
    session = {access.SESSION_KEY: conversation.visitor_token}

    found = access.customer_conversation(session=session, user=account)

    found.refresh_from_db()
    assert (found.customer, found.store) == (account.customer, san_isidro)


def test_moving_to_the_account_keeps_a_store_the_conversation_already_had(miraflores, san_isidro):
    account = UserFactory()
    account.customer.preferred_store = san_isidro
    account.customer.save()
    conversation = assignment.start_conversation(
        name="Luis", customer=CustomerFactory(preferred_store=miraflores)
    )

    access.attach_to_account(conversation=conversation, user=account)

    conversation.refresh_from_db()
    assert (conversation.customer, conversation.store) == (account.customer, miraflores)


def test_moving_to_an_account_without_a_preferred_store_leaves_it_waiting_for_any():
    account = UserFactory()
    conversation = assignment.start_conversation(name="Luis")

    access.attach_to_account(conversation=conversation, user=account)

    conversation.refresh_from_db()
    assert conversation.customer == account.customer and conversation.store is None


def test_another_accounts_conversation_is_never_moved():
    owner_of_it, other = UserFactory(), UserFactory()
    conversation = assignment.start_conversation(name="Luis", customer=owner_of_it.customer)

    kept = access.attach_to_account(conversation=conversation, user=other)

    conversation.refresh_from_db()
    assert kept.customer == conversation.customer == owner_of_it.customer


# At the inbox


def test_a_clerk_opens_what_they_may_see_and_is_refused_the_rest(rosa, jorge, san_isidro):
    there = assignment.start_conversation(
        name="Ana", customer=CustomerFactory(preferred_store=san_isidro)
    )

    assert access.clerk_conversation(user=jorge, conversation_id=str(there.pk)) == there
    assert access.clerk_conversation(user=jorge, conversation_id=there.pk, lock=True) == there
    with pytest.raises(ChatForbidden):
        access.clerk_conversation(user=rosa, conversation_id=there.pk)
    with pytest.raises(ChatError) as error:
        access.clerk_conversation(user=rosa, conversation_id="x")
    assert error.value.code == "invalid_id"
    assert access.clerk_can_access(jorge, there) and not access.clerk_can_access(rosa, there)


def test_the_owner_opens_a_conversation_of_any_store(rosa):
    elsewhere = StoreFactory(slug="cusco", name="Libros Pepito Cusco")
    there = assignment.start_conversation(
        name="Ana", customer=CustomerFactory(preferred_store=elsewhere)
    )
    owner = UserFactory(role=Role.OWNER)

    assert access.clerk_conversation(user=owner, conversation_id=there.pk) == there


def test_may_see_as_a_customer_reads_the_browsers_token_and_keeps_to_that_side(rosa):
    """A browser with the token sees its conversation as a customer; the same question at the
    inbox side (or without the browser's session) is a no."""
    conversation = assignment.start_conversation(name="Luis")
    session = {access.SESSION_KEY: conversation.visitor_token}

    assert access.may_see(conversation, user=None, session=session, side=access.CUSTOMER)
    assert not access.may_see(conversation, user=None, session={}, side=access.CUSTOMER)
    # A clerk's session holding the token does not make the inbox rule a customer's.
    other_store = StoreFactory(slug="cusco", name="Libros Pepito Cusco")
    elsewhere = assignment.start_conversation(
        name="Ana", customer=CustomerFactory(preferred_store=other_store)
    )
    own = {access.SESSION_KEY: elsewhere.visitor_token}
    assert access.may_see(elsewhere, user=rosa, session=own, side=access.CUSTOMER)
    assert not access.may_see(elsewhere, user=rosa, session=own)


def test_moving_to_the_account_writes_only_the_customer_and_store(rosa):
    """The visitor's conversation read before a clerk took it: moving it to the account after
    login must not write back the old state and clerk over the clerk's take."""
    account = UserFactory()
    conversation = assignment.start_conversation(name="Luis")
    stale = Conversation.objects.get(pk=conversation.pk)
    Conversation.objects.filter(pk=conversation.pk).update(
        state=Conversation.State.ACTIVE, assigned_clerk=rosa
    )

    access.attach_to_account(conversation=stale, user=account)

    conversation.refresh_from_db()
    assert conversation.customer == account.customer
    assert (conversation.state, conversation.assigned_clerk) == (Conversation.State.ACTIVE, rosa)


def test_the_inbox_reads_a_conversation_with_its_clerk_store_and_customer_at_once(
    rosa, miraflores, django_assert_num_queries
):
    """The inbox shows who took it, the store and the customer: no query per attribute."""
    conversation = assignment.start_conversation(
        name="Ana", customer=CustomerFactory(preferred_store=miraflores)
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        state=Conversation.State.ACTIVE, assigned_clerk=rosa, store=miraflores
    )

    found = access.clerk_conversation(user=rosa, conversation_id=conversation.pk)
    with django_assert_num_queries(0):
        shown = (found.assigned_clerk.email, found.store.name, found.customer.name)

    assert shown == (rosa.email, miraflores.name, conversation.customer.name)


def test_the_customer_side_reads_its_conversation_with_clerk_store_and_customer_at_once(
    rosa, miraflores, django_assert_num_queries
):
    """The widget shows the clerk's name, the store and the customer's: no query for each."""
    conversation = assignment.start_conversation(
        name="Ana", customer=CustomerFactory(preferred_store=miraflores)
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        state=Conversation.State.ACTIVE, assigned_clerk=rosa, store=miraflores
    )
    session = {access.SESSION_KEY: conversation.visitor_token}

    found = access.customer_conversation(session=session, user=None)
    with django_assert_num_queries(0):
        shown = (found.assigned_clerk.email, found.store.name, found.customer.name)

    assert shown == (rosa.email, miraflores.name, conversation.customer.name)
