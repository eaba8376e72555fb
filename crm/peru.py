"""Reference lists for Peruvian addresses."""

import unicodedata
from datetime import date, timedelta

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


# Peru's national holidays on fixed dates (month, day): Ley 31788 and the laws before it
# (7 June, 6 August and 9 December since 2022, 23 July since 2024). Holy Thursday and Good
# Friday move with Easter (see holidays()).
FIXED_HOLIDAYS = [
    (1, 1),
    (5, 1),
    (6, 7),
    (6, 29),
    (7, 23),
    (7, 28),
    (7, 29),
    (8, 6),
    (8, 30),
    (10, 8),
    (11, 1),
    (12, 8),
    (12, 9),
    (12, 25),
]


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def holidays(year: int) -> set[date]:
    sunday = easter(year)
    return {date(year, month, day) for month, day in FIXED_HOLIDAYS} | {
        sunday - timedelta(days=3),  # Jueves Santo
        sunday - timedelta(days=2),  # Viernes Santo
    }


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_business_days(start: date, days: int) -> date:
    """The date `days` business days after `start` (start itself not counted)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_business_day(day):
            days -= 1
    return day


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (negative when end is before)."""
    if end < start:
        return -business_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_business_day(day)
    return count
