"""The storefront pages: home, catalog list, search, product, author and favorites pages, and
the recommendations they show. Above `orders` in the layers: it composes the catalog, the stock
per store (inventory), the customer's favorites (crm) and what customers bought (orders)."""
