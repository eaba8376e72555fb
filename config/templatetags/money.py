"""Money as Peruvians read it: `{{ price|soles }}` gives "S/ 45.90".

Registered as a template builtin in settings, so no `{% load %}` is needed. The formatting
itself is `core.money.format_soles`, usable by any app.
"""

from django import template

from core.money import format_soles

register = template.Library()


@register.filter
def soles(value) -> str:
    """Format a Decimal (or anything Decimal accepts) as `S/ 1,234.50`; empty for junk."""
    return format_soles(value)
