"""Posted ids past what the database holds are an invalid choice, never a 500 (the URL walker
found `99999999999999999999999` in /cuenta/perfil/'s store and genres: OverflowError on SQLite)."""

from pathlib import Path

import pytest

from catalog.models import Genre
from core.forms import IdChoiceField, IdMultipleChoiceField
from inventory.models import Store

ROOT = Path(__file__).resolve().parents[2]
HUGE = "99999999999999999999999"


@pytest.mark.django_db
@pytest.mark.parametrize("value", [HUGE, "-1", "0", "1e3", "١٢", "abc"])
def test_an_id_the_database_cannot_hold_is_an_invalid_choice(value):
    field = IdChoiceField(queryset=Store.objects.all())
    with pytest.raises(Exception) as caught:
        field.clean(value)
    assert getattr(caught.value, "code", None) == "invalid_choice"


@pytest.mark.django_db
def test_several_ids_with_one_too_big_are_an_invalid_choice():
    genre = Genre.objects.create(name="Poesía", slug="poesia")
    field = IdMultipleChoiceField(queryset=Genre.objects.all())
    assert list(field.clean([str(genre.pk)])) == [genre]
    with pytest.raises(Exception) as caught:
        field.clean([str(genre.pk), HUGE])
    assert getattr(caught.value, "code", None) == "invalid_choice"


@pytest.mark.django_db
def test_the_profile_refuses_a_huge_store_id_with_a_message(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.post("/cuenta/perfil/", {"preferred_store": HUGE, "favorite_genres": HUGE})
    assert response.status_code in (200, 400)


def test_our_forms_declare_id_fields_not_djangos_model_choice_fields():
    """The class closed: a new form with a plain ModelChoiceField fails here."""
    offenders = []
    apps = ["accounts", "audit", "catalog", "chat", "config", "crm", "ebooks", "insights"]
    apps += ["inventory", "loyalty", "orders", "outbox", "shop"]
    for app in apps:
        for source in (ROOT / app).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            if "forms.ModelChoiceField(" in text or "forms.ModelMultipleChoiceField(" in text:
                offenders.append(str(source.relative_to(ROOT)))
    assert not offenders, offenders
