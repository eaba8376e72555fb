"""Peru's Spanish (issue #11): every page of the browser journeys speaks *tú*, as the rest of
the site does, never Spain's *usted* nor its words.

allauth and Django ship Spain's Spanish ("¿Ha olvidado su contraseña?", "Regístrese",
"Asegúrese", "Introduzca", "fichero"); locale/es_PE/LC_MESSAGES/django.po overrides their
messages (LOCALE_PATHS is read before the apps' catalogs). This test renders the pages of the
journeys (login, sign-up, password reset, e-mail confirmation, MFA, logout, the shop, the
Libro de Reclamaciones), their errors and their e-mails, and fails on any word of SPAIN_ONLY.

The list (README "Peru's Spanish"): *usted* forms (the pronoun, its possessive with the nouns
allauth uses, and the imperatives and verbs in *usted* that allauth and Django use), and the
words of Spain a Peruvian reads as foreign: "fichero" (archivo), "ordenador" (computadora),
"móvil" (celular), "vale" as OK is left out (it is also "it costs/it is worth").
"""

import re
import time
from html import unescape

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from django.test import Client

from accounts.roles import Role
from tests.factories import StoreFactory
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db

SPAIN_ONLY = [
    # usted, its possessive and object pronoun with the nouns of the account pages
    r"usted(es)?",
    r"su (contraseña|cuenta|correo|dirección|direcciones|e-?mail|sesión|nombre|usuario|"
    r"código|códigos|autenticador|aplicación|teléfono|identidad|solicitud|navegador|clave)",
    r"sus (datos|direcciones|códigos|credenciales)",
    r"(le|les) (hemos|enviamos|enviaremos|recomendamos|rogamos|pedimos)",
    r"(¿)?ha olvidado",
    r"olvidó",
    # imperatives and verbs in usted (allauth's and Django's)
    r"regístrese",
    r"asegúrese",
    r"introduzca",
    r"inténtelo",
    r"vuelva a",
    r"pulse",
    r"haga clic",
    r"compruebe",
    r"confirme",
    r"elija",
    r"seleccione",
    r"ingrese",
    r"inicie",
    r"utilice",
    r"escriba",
    r"verifique",
    r"revise",
    r"contacte",
    r"póngase",
    r"proporcione",
    r"cambie",
    r"añada",
    r"desea",
    r"puede usar",
    r"tiene que",
    r"debe (usar|introducir|escribir|ingresar)",
    r"ha iniciado",
    r"ha cerrado",
    r"está seguro",
    r"estás seguro de que desea",
    r"escanee",
    r"descargue",
    r"guarde",
    r"genere",
    # Spain's words
    r"fichero",
    r"ordenador",
    r"móvil",
]
SPAIN = re.compile(r"(?<![\wáéíóúñ])(" + "|".join(SPAIN_ONLY) + r")(?![\wáéíóúñ])", re.I)
TAG = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S | re.I)
ATTRIBUTE = re.compile(r'\b(?:placeholder|title|aria-label|alt|value)="([^"]*)"')


def visible_text(html: str) -> str:
    """The text a person reads: the page without its tags, plus the attributes read aloud."""
    words = ATTRIBUTE.findall(html)
    return unescape(TAG.sub(" ", html) + " " + " ".join(words))


def spain_words(text: str) -> list[str]:
    found = []
    for match in SPAIN.finditer(text):
        start = max(0, match.start() - 50)
        found.append(" ".join(text[start : match.end() + 50].split()))
    return found


class Pages:
    """Visits pages and e-mails and collects what speaks Spain's Spanish."""

    def __init__(self):
        self.offenders: dict[str, list[str]] = {}
        self.seen = 0

    def check(self, where: str, text: str) -> None:
        self.seen += 1
        found = spain_words(text)
        if found:
            self.offenders[where] = found

    def get(self, client, url, **data):
        response = client.get(url, data, follow=True)
        assert response.status_code < 500, url
        self.check(f"GET {url}", visible_text(response.content.decode()))
        return response

    def post(self, client, url, data):
        response = client.post(url, data, follow=True)
        assert response.status_code < 500, url
        self.check(f"POST {url}", visible_text(response.content.decode()))
        return response

    def mails(self):
        for message in mail.outbox:
            self.check(f"mail {message.subject}", f"{message.subject}\n{message.body}")
        mail.outbox.clear()


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_the_journeys_speak_peru_spanish(settings):
    settings.ACCOUNT_RATE_LIMITS = False
    pages = Pages()
    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    book = ProductFactory(title="Los ríos profundos")
    stock_up(store, book, 3)
    anonymous = Client()

    # The shop and the Libro de Reclamaciones, as anyone sees them.
    for url in ["/", "/libros/", f"/libros/{book.slug}/", "/tiendas/", "/carrito/"]:
        pages.get(anonymous, url)
    pages.get(anonymous, "/buscar/", q="rios")
    pages.get(anonymous, "/libro-de-reclamaciones/")
    pages.post(anonymous, "/libro-de-reclamaciones/", {"email": "x", "doc_number": "1"})

    # Sign-up: the form, its errors, the "check your e-mail" page and the e-mail.
    pages.get(anonymous, "/cuenta/signup/")
    pages.post(
        anonymous,
        "/cuenta/signup/",
        {"email": "no-es-correo", "password1": "123", "password2": "456"},
    )
    pages.post(
        anonymous,
        "/cuenta/signup/",
        {
            "name": "Luis Ramírez",
            "email": "luis@example.pe",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    body = mail.outbox[-1].body
    pages.mails()
    confirm = re.search(r"https?://[^/]+(/cuenta/confirm-email/\S+/)", body).group(1)
    pages.get(anonymous, "/cuenta/confirm-email/")
    pages.get(anonymous, confirm)
    pages.post(anonymous, confirm, {})
    pages.get(anonymous, "/cuenta/confirm-email/no-existe/")

    # Login: the page, a wrong password, then in.
    fresh = Client()
    pages.get(fresh, "/cuenta/login/")
    pages.post(fresh, "/cuenta/login/", {"login": "luis@example.pe", "password": "mala"})
    pages.post(fresh, "/cuenta/login/", {"login": "luis@example.pe", "password": PASSWORD})

    # The logged-in customer's pages: shop, account, e-mail, password, MFA.
    for url in [
        "/",
        "/carrito/",
        "/checkout/",
        "/pedidos/",
        "/favoritos/",
        "/cuenta/perfil/",
        "/cuenta/email/",
        "/cuenta/password/change/",
        "/cuenta/2fa/",
        "/cuenta/2fa/totp/activate/",
        "/cuenta/reauthenticate/",
        "/libro-de-reclamaciones/",
    ]:
        pages.get(fresh, url)
    pages.post(
        fresh,
        "/cuenta/password/change/",
        {"oldpassword": "mala", "password1": "1", "password2": "2"},
    )
    pages.post(fresh, "/cuenta/2fa/totp/activate/", {"code": "000000"})
    pages.post(fresh, "/cuenta/email/", {"action_add": "", "email": "no-es-correo"})

    # Logout: the confirmation page, then out.
    pages.get(fresh, "/cuenta/logout/")
    pages.post(fresh, "/cuenta/logout/", {})

    # Password reset: the form, an unknown and a known address, the e-mail and its pages.
    reset = Client()
    pages.get(reset, "/cuenta/password/reset/")
    pages.post(reset, "/cuenta/password/reset/", {"email": "nadie@example.pe"})
    pages.post(reset, "/cuenta/password/reset/", {"email": "luis@example.pe"})
    pages.get(reset, "/cuenta/password/reset/done/")
    body = mail.outbox[-1].body
    pages.mails()
    key_url = re.search(r"https?://[^/]+(/cuenta/password/reset/key/\S+/)", body).group(1)
    response = pages.get(reset, key_url)
    pages.post(
        reset,
        response.redirect_chain[-1][0] if response.redirect_chain else key_url,
        {
            "password1": "1",
            "password2": "2",
        },
    )
    pages.get(reset, "/cuenta/password/reset/key/mala-clave/")

    # A manager with an authenticator app: the code page, a wrong code, the recovery codes.
    manager = UserFactory(email="jefe@librospepito.pe", store=store, role=Role.STORE_MANAGER)
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(manager, secret)
    staff = Client()
    pages.post(staff, "/cuenta/login/", {"login": manager.email, "password": PASSWORD})
    pages.get(staff, "/cuenta/2fa/authenticate/")
    pages.post(staff, "/cuenta/2fa/authenticate/", {"code": "000000"})
    pages.post(staff, "/cuenta/2fa/authenticate/", {"code": totp_code(secret)})
    for url in [
        "/cuenta/2fa/",
        "/cuenta/2fa/recovery-codes/",
        "/cuenta/2fa/recovery-codes/generate/",
        "/cuenta/2fa/totp/deactivate/",
        "/tienda/reclamaciones/",
    ]:
        pages.get(staff, url)
    pages.mails()

    assert pages.seen > 40
    report = "\n".join(
        f"{where}:\n    " + "\n    ".join(found) for where, found in pages.offenders.items()
    )
    assert not pages.offenders, f"Spain's Spanish on these pages:\n{report}"


@pytest.mark.parametrize(
    "text, spain",
    [
        ("¿Ha olvidado su contraseña?", True),
        ("Regístrese", True),
        ("Seleccione un fichero", True),
        ("Asegúrese de que", True),
        ("¿Olvidaste tu contraseña?", False),
        ("Regístrate gratis", False),
        ("El pedido de su tienda", False),
        ("Escribe tu celular", False),
    ],
)
def test_the_list_tells_spain_from_peru(text, spain):
    assert bool(spain_words(text)) is spain
