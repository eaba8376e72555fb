"""Filters of the staff order pages."""

from django import template

from core.validators import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """+51987654321 -> "987 654 321", the way a clerk reads it out."""
    return format_phone(value or "")
