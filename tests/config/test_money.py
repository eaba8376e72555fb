from decimal import Decimal

import pytest
from django.template import Context, Template

from config.templatetags.money import soles


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("45.9"), "S/ 45.90"),
        (Decimal("1234.5"), "S/ 1,234.50"),
        (Decimal("0.005"), "S/ 0.01"),
        (Decimal("-12"), "-S/ 12.00"),
        ("39", "S/ 39.00"),
        (None, ""),
        ("not money", ""),
    ],
)
def test_soles_formats_peruvian_money(value, shown):
    assert soles(value) == shown


def test_soles_is_available_in_every_template_without_load():
    rendered = Template("{{ price|soles }}").render(Context({"price": Decimal("45.90")}))
    assert rendered == "S/ 45.90"
