"""Chat factories: conversations and messages written directly (no socket, no routing).

A test about routing, assignment or the frames sent goes through chat's services instead.

    ConversationFactory()                          # a visitor waiting, no store, no clerk
    ConversationFactory(active=True, clerk=rosa)   # taken by Rosa, at her store
    MessageFactory(conversation=c)                 # the customer writes
    MessageFactory(conversation=c, from_clerk=True)
"""

import factory
from django.utils import timezone

from chat.models import Conversation, Message


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    class Params:
        clerk = None
        active = factory.Trait(
            state=Conversation.State.ACTIVE,
            assigned_clerk=factory.SelfAttribute("clerk"),
            store=factory.LazyAttribute(lambda c: c.clerk.store if c.clerk else None),
            assigned_at=factory.LazyFunction(timezone.now),
        )
        closed = factory.Trait(
            state=Conversation.State.CLOSED,
            closed_at=factory.LazyFunction(timezone.now),
        )

    display_name = "Luis"
    customer = None
    state = Conversation.State.WAITING


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    class Params:
        from_clerk = factory.Trait(
            sender=Message.Sender.CLERK,
            author=factory.LazyAttribute(lambda m: m.conversation.assigned_clerk),
        )

    conversation = factory.SubFactory(ConversationFactory)
    sender = Message.Sender.CUSTOMER
    kind = Message.Kind.TEXT
    text = factory.Sequence(lambda n: f"Hola, ¿tienen el libro {n}?")
