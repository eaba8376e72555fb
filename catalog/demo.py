"""Demo genres and authors (facts only). The catalog issue adds the books."""

from catalog.models import Author, Genre

GENRES = {
    "literatura": ("Literatura", None),
    "novela": ("Novela", "literatura"),
    "cuento": ("Cuento", "literatura"),
    "poesia": ("Poesía", "literatura"),
    "ensayo": ("Ensayo", "literatura"),
    "infantil": ("Infantil y juvenil", None),
    "historia-del-peru": ("Historia del Perú", None),
    "fantasia": ("Fantasía y ciencia ficción", None),
    "no-ficcion": ("No ficción", None),
}

AUTHORS = [
    ("mario-vargas-llosa", "Mario Vargas Llosa", "peruana"),
    ("jose-maria-arguedas", "José María Arguedas", "peruana"),
    ("cesar-vallejo", "César Vallejo", "peruana"),
    ("julio-ramon-ribeyro", "Julio Ramón Ribeyro", "peruana"),
    ("alfredo-bryce-echenique", "Alfredo Bryce Echenique", "peruana"),
    ("ciro-alegria", "Ciro Alegría", "peruana"),
    ("blanca-varela", "Blanca Varela", "peruana"),
    ("santiago-roncagliolo", "Santiago Roncagliolo", "peruana"),
    ("gabriela-wiener", "Gabriela Wiener", "peruana"),
    ("alonso-cueto", "Alonso Cueto", "peruana"),
    ("gabriel-garcia-marquez", "Gabriel García Márquez", "colombiana"),
    ("julio-cortazar", "Julio Cortázar", "argentina"),
    ("jorge-luis-borges", "Jorge Luis Borges", "argentina"),
    ("isabel-allende", "Isabel Allende", "chilena"),
    ("george-orwell", "George Orwell", "británica"),
    ("j-k-rowling", "J. K. Rowling", "británica"),
    ("haruki-murakami", "Haruki Murakami", "japonesa"),
]


def seed(out) -> None:
    genres = {}
    for slug, (name, parent_slug) in GENRES.items():
        genres[slug], _ = Genre.objects.get_or_create(
            slug=slug, defaults={"name": name, "parent": genres.get(parent_slug)}
        )
    for slug, name, nationality in AUTHORS:
        Author.objects.get_or_create(slug=slug, defaults={"name": name, "nationality": nationality})
    out.write(f"Géneros: {len(GENRES)}, autores: {len(AUTHORS)}.")
