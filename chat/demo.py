"""Demo chat data: canned answers, a few closed and rated conversations, one waiting.

Idempotent: canned answers are looked up by title and conversations by a fixed visitor token,
so a second run changes nothing. Rows are written directly (no routing, no pushes): this is
history, not live traffic.
"""

from datetime import timedelta

from django.utils import timezone

CANNED = [
    ("Saludo", "¡Hola, {nombre}! Soy {librero}, de {tienda}. ¿Qué libro estás buscando?"),
    (
        "Recojo en tienda",
        "Puedes pagar aquí y recogerlo en {tienda}: te separamos el libro 48 horas.",
    ),
    (
        "Delivery",
        "Hacemos delivery a todo Lima en el turno que elijas; a provincias enviamos por courier.",
    ),
    ("Despedida", "Gracias por escribirnos, {nombre}. ¡Que disfrutes la lectura!"),
]

# token, name, customer e-mail, clerk e-mail, rating, comment, messages (sender, text)
CONVERSATIONS = [
    (
        "demo-chat-cerrada-1",
        "Luis Ramírez",
        "luis@example.pe",
        "rosa@librospepito.pe",
        5,
        "Rosa me recomendó justo lo que buscaba.",
        [
            ("customer", "Hola, busco algo de Arguedas para mi sobrino."),
            ("clerk", "¡Hola, Luis! «Los ríos profundos» es ideal; tenemos 5 en Miraflores."),
            ("customer", "Perfecto, lo recojo mañana."),
        ],
    ),
    (
        "demo-chat-cerrada-2",
        "Carmen",
        "",
        "lucia@librospepito.pe",
        4,
        "",
        [
            ("customer", "¿Tienen libros de cocina peruana?"),
            ("clerk", "Sí, varios. ¿Buscas recetas clásicas o cocina novoandina?"),
        ],
    ),
    (
        "demo-chat-cerrada-3",
        "Pedro",
        "",
        "rosa@librospepito.pe",
        3,
        "Tardaron un poco en responder.",
        [("customer", "¿Hacen envíos a Chiclayo?"), ("clerk", "Sí, por courier en 3 a 5 días.")],
    ),
]


def seed(out) -> None:
    from accounts.models import User
    from chat.models import CannedAnswer, Conversation, Message
    from crm.models import Customer

    for title, text in CANNED:
        CannedAnswer.objects.get_or_create(title=title, defaults={"text": text})

    now = timezone.now()
    created = 0
    for n, (token, name, email, clerk_email, rating, comment, lines) in enumerate(CONVERSATIONS):
        if Conversation.objects.filter(visitor_token=token).exists():
            continue
        clerk = User.objects.filter(email=clerk_email).select_related("store").first()
        customer = Customer.objects.filter(email=email).first() if email else None
        started = now - timedelta(days=n + 1, hours=2)
        conversation = Conversation.objects.create(
            visitor_token=token,
            display_name=name,
            customer=customer,
            store=clerk.store if clerk else None,
            assigned_clerk=clerk,
            state=Conversation.State.CLOSED,
            rating=rating,
            rating_comment=comment,
            assigned_at=started,
            closed_at=started + timedelta(minutes=12),
        )
        Message.objects.bulk_create(
            Message(
                conversation=conversation,
                sender=sender,
                author=clerk if sender == "clerk" else None,
                text=text,
                delivered_at=started,
                read_at=started,
            )
            for sender, text in lines
        )
        created += 1

    if not Conversation.objects.filter(visitor_token="demo-chat-espera").exists():
        waiting = Conversation.objects.create(
            visitor_token="demo-chat-espera", display_name="Valeria"
        )
        Message.objects.create(
            conversation=waiting,
            sender=Message.Sender.CUSTOMER,
            text="Hola, ¿tienen «Conversación en La Catedral» en tapa dura?",
        )
        created += 1
    out.write(f"Chat: {len(CANNED)} respuestas rápidas, {created} conversaciones nuevas.\n")
