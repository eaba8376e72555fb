"""The catalog vocabulary on SQLite: typo-tolerant search without pg_trgm.

PostgreSQL keeps every distinct word of the products' search text in a materialized view with
a trigram index (migration 0006) and asks pg_trgm for the words resembling a misspelt one. The
embedded default (SQLite) gets the same behaviour from two plain tables (migration 0012):

- ``catalog_searchword(word, trigrams)``: the words, with how many trigrams each has;
- ``catalog_searchtrigram(trigram, word)``: which words hold each trigram (the inverted index).

Trigrams and similarity are pg_trgm's: each word padded with two spaces before and one after,
the set of its three-character slices, and similarity = shared / (|a| + |b| - shared). So
"llossa" finds "llosa" and "soledda" finds "soledad" on both backends, and "garcia" does not
turn into "gracia" on either. One query answers every word of a search.
"""

import re

from django.db import connection, transaction

from catalog.text import normalize

# Words as PostgreSQL's 'simple' parser and the view's filter keep them: letters only (a word
# with a digit is an ISBN or a year), three characters at least.
_WORD = re.compile(r"[^\W\d_]+")


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: "  w", " wo", ..., "rd "."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def vocabulary_words(text: str) -> set[str]:
    return {word for word in _WORD.findall(normalize(text)) if len(word) > 2}


def rebuild() -> int:
    """Replace the vocabulary with the words of the active products now; the number of words."""
    from catalog.models import Product

    words: set[str] = set()
    for text in Product.objects.active().values_list("search_text", flat=True).iterator(2000):
        words |= vocabulary_words(text)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_searchtrigram")
        cursor.execute("DELETE FROM catalog_searchword")
        rows = {word: trigrams(word) for word in words}
        cursor.executemany(
            "INSERT INTO catalog_searchword (word, trigrams) VALUES (%s, %s)",
            [(word, len(grams)) for word, grams in rows.items()],
        )
        cursor.executemany(
            "INSERT INTO catalog_searchtrigram (trigram, word) VALUES (%s, %s)",
            [(gram, word) for word, grams in rows.items() for gram in grams],
        )
    return len(words)


def similar_words(
    words: list[str], *, min_similarity: float, per_word: int
) -> dict[str, list[str]]:
    """For each word, up to `per_word` vocabulary words at least `min_similarity` alike (most
    alike first), in one query."""
    wanted = {word: trigrams(word) for word in words}
    if not wanted:
        return {}
    values = ", ".join(["(%s, %s, %s)"] * sum(len(grams) for grams in wanted.values()))
    params: list = []
    for word, grams in wanted.items():
        for gram in grams:
            params += [word, gram, len(grams)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH q(w, trigram, n) AS (VALUES {values})
            SELECT q.w, t.word, COUNT(*) * 1.0 / (q.n + s.trigrams - COUNT(*)) AS similarity
            FROM q
            JOIN catalog_searchtrigram t ON t.trigram = q.trigram
            JOIN catalog_searchword s ON s.word = t.word
            GROUP BY q.w, t.word, q.n, s.trigrams
            HAVING COUNT(*) * 1.0 / (q.n + s.trigrams - COUNT(*)) >= %s
            """,
            [*params, min_similarity],
        )
        rows = cursor.fetchall()
    rows.sort(key=lambda row: (row[0], -row[2], row[1]))
    found: dict[str, list[str]] = {}
    for word, similar, _similarity in rows:
        options = found.setdefault(word, [])
        if len(options) < per_word:
            options.append(similar)
    return found
