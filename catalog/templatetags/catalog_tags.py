from django import template

from catalog.cards import render_cards
from catalog.versions import fragment_key

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


@register.simple_tag(takes_context=True)
def product_cards(context, items, recommended=False):
    """`{% product_cards products %}`: the cards of a grid, flat, their fixed parts cached
    (catalog.cards). `recommended=True` when `items` are recommendations with a reason.

    The fixed parts come from the page's `card_parts` (catalog.cards.page_parts, fetched once
    for all its grids) when it has them; stock for the others, if they are not cached, from
    its `card_stock(ids)` reader or else its `stock_by_product` mapping; favorites from
    `favorite_ids`."""
    stock_for = context.get("card_stock")
    if stock_for is None:
        mapping = context.get("stock_by_product") or {}

        def stock_for(ids):
            return mapping

    return render_cards(
        items,
        request=context.get("request"),
        favorite_ids=context.get("favorite_ids") or (),
        stock_for=stock_for,
        reasons=recommended,
        known=context.get("card_parts"),
    )


@register.filter
def stock_key(stock) -> str:
    """A short text naming what an availability block shows (store, copies, low), for the
    key of its cached fragment: `{% cache ... product_stock|stock_key %}`."""
    return ";".join(
        f"{entry.store.pk}:{entry.store.short_name}:{entry.available}:{int(entry.low)}"
        for entry in stock or []
    )


@register.filter
def version_key(product) -> str:
    """One version of one product, for the key of a cached fragment of its page:
    `{% cache 86400 product_details product|version_key LANGUAGE_CODE %}`."""
    return fragment_key(product)
