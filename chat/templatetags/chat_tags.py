from django import template

from crm.peru import LIMA_DISTRICTS

register = template.Library()


@register.simple_tag
def chat_districts() -> str:
    """Lima's districts for the address form inside the chat, "|"-separated."""
    return "|".join(LIMA_DISTRICTS)
