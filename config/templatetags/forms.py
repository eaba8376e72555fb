"""Form helpers, registered as template builtins."""

from django import template

register = template.Library()


@register.filter
def only_fields(form, names=""):
    """`{% for field in form|only_fields:"name email" %}`: those fields, or all visible ones."""
    if not names:
        return form.visible_fields()
    return [form[name] for name in str(names).split()]
