"""When nobody is free: the automatic helper, asking for a person, leaving a message."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from chat import events
from chat.access import follow_ups_visible_to, parse_id
from chat.assignment import clean_name, post_wait_notice, route
from chat.exceptions import ChatError, ChatForbidden
from chat.messaging import clean_text, open_conversation, post
from chat.models import Conversation, FollowUp, Message
from chat.ratelimit import check_rate


@transaction.atomic
def use_helper(*, conversation_id: int) -> Message:
    from chat import helper

    conversation = open_conversation(conversation_id)
    if conversation.assigned_clerk_id:
        raise ChatError(_("Ya te atiende una persona."), code="clerk_present")
    conversation.helper_enabled = True
    conversation.save(update_fields=["helper_enabled"])
    return post(
        conversation, sender=Message.Sender.BOT, text=helper.GREETING, payload=helper.PAYLOAD
    )


@transaction.atomic
def ask_for_human(*, conversation_id: int) -> Conversation:
    conversation = open_conversation(conversation_id)
    conversation.helper_enabled = False
    conversation.save(update_fields=["helper_enabled"])
    if route(conversation=conversation) is None:
        post_wait_notice(conversation)
    events.inbox_changed()
    return conversation


@transaction.atomic
def leave_message(*, conversation_id: int | None, name, email="", phone="", text="") -> FollowUp:
    from core.validators import normalize_phone

    name = clean_name(name)
    text = clean_text(text)
    email = str(email or "").strip().lower()[:254]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ChatError(_("Escribe un correo válido."), code="invalid_email") from None
    phone_raw = str(phone or "").strip()
    if phone_raw:
        try:
            phone = normalize_phone(phone_raw)
        except ValidationError:
            raise ChatError(
                _("Escribe un celular peruano válido, por ejemplo 987 654 321."),
                code="invalid_phone",
            ) from None
    else:
        phone = ""
    if not email and not phone:
        raise ChatError(
            _("Déjanos un correo o un teléfono para responderte."), code="contact_required"
        )
    conversation = None
    if conversation_id:
        conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
        check_rate(f"conv-{conversation_id}")
    follow_up = FollowUp.objects.create(
        conversation=conversation,
        name=name,
        email=email,
        phone=phone,
        text=text,
        store=conversation.store if conversation else None,
    )
    if conversation is not None:
        post(
            conversation,
            sender=Message.Sender.SYSTEM,
            text=_("Recibimos tu mensaje. Un librero te escribirá a %(contact)s.")
            % {"contact": email or phone},
        )
    events.inbox_changed()
    return follow_up


@transaction.atomic
def handle_follow_up(*, user, follow_up_id) -> FollowUp:
    """ "Atendido": whoever sees the follow-up in their inbox may mark it (chat.access)."""
    follow_up = (
        follow_ups_visible_to(user).select_for_update().filter(pk=parse_id(follow_up_id)).first()
    )
    if follow_up is None:
        raise ChatForbidden()
    follow_up.handled = True
    follow_up.handled_by = user
    follow_up.save(update_fields=["handled", "handled_by"])
    events.inbox_changed()
    return follow_up
