"""Reference lists for Peruvian addresses."""

import unicodedata

# The 43 districts of the province of Lima, for suggestions in address forms.
LIMA_DISTRICTS = [
    "Ancón",
    "Ate",
    "Barranco",
    "Breña",
    "Carabayllo",
    "Chaclacayo",
    "Chorrillos",
    "Cieneguilla",
    "Comas",
    "El Agustino",
    "Independencia",
    "Jesús María",
    "La Molina",
    "La Victoria",
    "Lima",
    "Lince",
    "Los Olivos",
    "Lurigancho",
    "Lurín",
    "Magdalena del Mar",
    "Miraflores",
    "Pachacámac",
    "Pucusana",
    "Pueblo Libre",
    "Puente Piedra",
    "Punta Hermosa",
    "Punta Negra",
    "Rímac",
    "San Bartolo",
    "San Borja",
    "San Isidro",
    "San Juan de Lurigancho",
    "San Juan de Miraflores",
    "San Luis",
    "San Martín de Porres",
    "San Miguel",
    "Santa Anita",
    "Santa María del Mar",
    "Santa Rosa",
    "Santiago de Surco",
    "Surquillo",
    "Villa El Salvador",
    "Villa María del Triunfo",
]

# What people write instead of the district's official name (compared without accents or case):
# "Surco", "SJL", "SMP", "Cercado"… Each maps to a name of LIMA_DISTRICTS.
DISTRICT_ALIASES = {
    "surco": "Santiago de Surco",
    "santiago de surco": "Santiago de Surco",
    "sjl": "San Juan de Lurigancho",
    "s.j.l.": "San Juan de Lurigancho",
    "sjm": "San Juan de Miraflores",
    "s.j.m.": "San Juan de Miraflores",
    "smp": "San Martín de Porres",
    "s.m.p.": "San Martín de Porres",
    "san martin de porras": "San Martín de Porres",
    "cercado": "Lima",
    "cercado de lima": "Lima",
    "lima cercado": "Lima",
    "magdalena": "Magdalena del Mar",
    "jesus maria": "Jesús María",
    "pachacamac": "Pachacámac",
    "rimac": "Rímac",
    "lurin": "Lurín",
    "brena": "Breña",
    "ves": "Villa El Salvador",
    "vmt": "Villa María del Triunfo",
}


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: how two spellings of a district compare."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


_OFFICIAL = {_fold(name): name for name in LIMA_DISTRICTS}
_ALIASES = {_fold(alias): name for alias, name in DISTRICT_ALIASES.items()}


def canonical_district(name: str) -> str:
    """The official name of a Lima district as people write it ("surco" -> "Santiago de
    Surco", "SJL" -> "San Juan de Lurigancho", "miraflores" -> "Miraflores"); anything else is
    returned as typed (trimmed): a district of another province, or a typo."""
    typed = " ".join(str(name or "").split())
    folded = _fold(typed)
    return _OFFICIAL.get(folded) or _ALIASES.get(folded) or typed


REGIONS = [
    "Amazonas",
    "Áncash",
    "Apurímac",
    "Arequipa",
    "Ayacucho",
    "Cajamarca",
    "Callao",
    "Cusco",
    "Huancavelica",
    "Huánuco",
    "Ica",
    "Junín",
    "La Libertad",
    "Lambayeque",
    "Lima",
    "Loreto",
    "Madre de Dios",
    "Moquegua",
    "Pasco",
    "Piura",
    "Puno",
    "San Martín",
    "Tacna",
    "Tumbes",
    "Ucayali",
]
