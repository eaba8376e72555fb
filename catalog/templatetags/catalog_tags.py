from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ stock_by_product|get:product.pk }}`: a dict lookup with a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current listing URL with another page number (filters kept)."""
    querystring = context.get("querystring", "")
    base = context.get("base_url", "")
    joiner = "&" if querystring else ""
    return f"{base}?{querystring}{joiner}pagina={number}"


@register.filter
def in_stock(stock) -> bool:
    """Whether a list of inventory StoreStock has a copy anywhere."""
    return any(entry.available > 0 for entry in stock or [])
