"""The ONIX 3.0 side of the import (reference and short tags): a feed into the same textual
rows as a CSV file."""

import html
import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from lxml import etree

from catalog.imports.parsing import LIST_SEPARATOR, ImportFileError, SourceRow
from catalog.models import Product

# Short tag -> reference name (lower case), for the elements we read.
ONIX_SHORT_TAGS = {
    "a001": "recordreference",
    "a002": "notificationtype",
    "b221": "productidtype",
    "b244": "idvalue",
    "b012": "productform",
    "b333": "productformdetail",
    "b202": "titletype",
    "x409": "titleelementlevel",
    "b203": "titletext",
    "b030": "titleprefix",
    "b031": "titlewithoutprefix",
    "b029": "subtitle",
    "b034": "sequencenumber",
    "b035": "contributorrole",
    "b036": "personname",
    "b037": "personnameinverted",
    "b039": "namesbeforekey",
    "b040": "keynames",
    "b047": "corporatename",
    "b253": "languagerole",
    "b252": "languagecode",
    "b218": "extenttype",
    "b219": "extentvalue",
    "b220": "extentunit",
    "x425": "mainsubject",
    "b067": "subjectschemeidentifier",
    "b069": "subjectcode",
    "b070": "subjectheadingtext",
    "x426": "texttype",
    "d104": "text",
    "b291": "publishingrole",
    "b081": "publishername",
    "b079": "imprintname",
    "x448": "publishingdaterole",
    "b306": "date",
    "x462": "pricetype",
    "j151": "priceamount",
    "j152": "currencycode",
    "m186": "defaultcurrencycode",
}
# BISAC (scheme 10) and Thema (scheme 93) code prefixes -> our genres ("Padre > Hijo").
# Longest prefix wins; other codes fall back to the subject's heading text when it has one.
BISAC_GENRES = {
    "FIC009": "Fantasía y ciencia ficción",
    "FIC028": "Fantasía y ciencia ficción",
    "FIC029": "Literatura > Cuento",
    "FIC": "Literatura > Novela",
    "POE": "Literatura > Poesía",
    "LIT": "Literatura > Ensayo",
    "JUV": "Infantil y juvenil",
    "JNF": "Infantil y juvenil",
    "YAF": "Infantil y juvenil",
    "YAN": "Infantil y juvenil",
    "HIS025": "Historia del Perú",
    "BIO": "No ficción",
    "HIS": "No ficción",
    "SOC": "No ficción",
    "PHI": "No ficción",
    "SCI": "No ficción",
    "BUS": "No ficción",
}
THEMA_GENRES = {
    "FM": "Fantasía y ciencia ficción",
    "FL": "Fantasía y ciencia ficción",
    "FYB": "Literatura > Cuento",
    "F": "Literatura > Novela",
    "DC": "Literatura > Poesía",
    "DN": "No ficción",
    "DS": "Literatura > Ensayo",
    "Y": "Infantil y juvenil",
    "N": "No ficción",
}
ONIX_FORMATS = {"BB": Product.Format.HARDCOVER, "BC": Product.Format.PAPERBACK}
ONIX_POCKET_DETAILS = {"B104", "B105"}  # mass-market and "A-format" paperbacks
PREFERRED_PRICE_TYPES = ["02", "04", "01", "03"]  # consumer prices including tax first


def _name(element) -> str:
    local = etree.QName(element).localname.lower()
    return ONIX_SHORT_TAGS.get(local, local)


def _children(element, name: str) -> list:
    return [child for child in element if isinstance(child.tag, str) and _name(child) == name]


def _child(element, name: str):
    found = _children(element, name) if element is not None else []
    return found[0] if found else None


def _text(element, *path: str) -> str:
    for name in path:
        element = _child(element, name)
        if element is None:
            return ""
    return " ".join("".join(element.itertext()).split())


def _by_code(elements: list, code_name: str, preferred: list[str]):
    """The first element whose `code_name` child is the earliest of `preferred`, else the first."""
    for code in preferred:
        for element in elements:
            if _text(element, code_name) == code:
                return element
    return elements[0] if elements else None


def read_onix(data: bytes) -> list[SourceRow]:
    # No DTDs and no entities at all: an ONIX feed never needs them, and they are how XML
    # attacks (external entities, "billion laughs") get in.
    if re.search(rb"<!(DOCTYPE[^>]*\[|ENTITY)", data[:100_000]):
        raise ImportFileError(_("El XML declara entidades o un DTD propio; no se aceptan."))
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportFileError(_("El XML no es válido: %(error)s") % {"error": exc}) from exc
    if _name(root) != "onixmessage":
        raise ImportFileError(_("No es un archivo ONIX: falta el elemento ONIXMessage."))
    release = root.get("release", "")
    if release and not release.startswith("3"):
        raise ImportFileError(
            _("Solo se admite ONIX 3.0; este archivo es ONIX %(release)s.") % {"release": release}
        )
    default_currency = _text(root, "header", "defaultcurrencycode")
    return [_onix_row(product, default_currency) for product in _children(root, "product")]


def _onix_row(product, default_currency: str) -> SourceRow:
    values: dict[str, str] = {"kind": Product.Kind.BOOK}
    identifiers = _children(product, "productidentifier")
    isbn_id = _by_code(identifiers, "productidtype", ["15"])
    if isbn_id is not None and _text(isbn_id, "productidtype") in {"15", "03", "02"}:
        values["isbn"] = _text(isbn_id, "idvalue")

    detail = _child(product, "descriptivedetail")
    if detail is not None:
        title_detail = _by_code(_children(detail, "titledetail"), "titletype", ["01"])
        if title_detail is not None:
            element = _by_code(_children(title_detail, "titleelement"), "titleelementlevel", ["01"])
            if element is not None:
                values["title"] = _text(element, "titletext") or " ".join(
                    part
                    for part in (
                        _text(element, "titleprefix"),
                        _text(element, "titlewithoutprefix"),
                    )
                    if part
                )
                values["subtitle"] = _text(element, "subtitle")
        values["authors"] = LIST_SEPARATOR.join(_onix_authors(detail))
        language = _by_code(_children(detail, "language"), "languagerole", ["01"])
        if language is not None:
            values["language"] = _text(language, "languagecode")
        for extent in _children(detail, "extent"):
            if _text(extent, "extenttype") in {"00", "11", "05"} and _text(
                extent, "extentunit"
            ) in {"", "03"}:
                values["pages"] = _text(extent, "extentvalue")
                break
        form = _text(detail, "productform")
        details = {_text(el) for el in _children(detail, "productformdetail")}
        if details & ONIX_POCKET_DETAILS:
            values["format"] = Product.Format.POCKET
        elif form in ONIX_FORMATS:
            values["format"] = ONIX_FORMATS[form]
        values["genres"] = LIST_SEPARATOR.join(_onix_genres(detail))

    collateral = _child(product, "collateraldetail")
    if collateral is not None:
        text = _by_code(_children(collateral, "textcontent"), "texttype", ["03", "02"])
        if text is not None and _text(text, "texttype") in {"03", "02"}:
            values["description"] = html.unescape(strip_tags(_text(text, "text")))

    publishing = _child(product, "publishingdetail")
    if publishing is not None:
        publisher = _by_code(_children(publishing, "publisher"), "publishingrole", ["01"])
        values["publisher"] = _text(publisher, "publishername") if publisher is not None else ""
        if not values["publisher"]:
            values["publisher"] = _text(publishing, "imprint", "imprintname")
        date = _by_code(_children(publishing, "publishingdate"), "publishingdaterole", ["01"])
        if date is not None:
            values["year"] = _text(date, "date")[:4]

    row = SourceRow(line=product.sourceline or 0, values=values)
    prices = []
    supply = _child(product, "productsupply")
    for supply_detail in _children(supply, "supplydetail") if supply is not None else []:
        prices += _children(supply_detail, "price")
    currencies = sorted(
        {_text(price, "currencycode") or default_currency or "?" for price in prices}
    )
    pen = [p for p in prices if (_text(p, "currencycode") or default_currency) == "PEN"]
    price = _by_code(pen, "pricetype", PREFERRED_PRICE_TYPES)
    if price is not None:
        values["price"] = _text(price, "priceamount")
    elif prices:
        row.error = _("Sin precio en soles (PEN): el producto solo trae %(currencies)s.") % {
            "currencies": ", ".join(currencies)
        }
    else:
        row.error = _("Sin precio: el producto no trae ningún Price en soles (PEN).")
    return row


def _onix_authors(detail) -> list[str]:
    authors = []
    for position, contributor in enumerate(_children(detail, "contributor")):
        roles = {_text(role) for role in _children(contributor, "contributorrole")}
        if "A01" not in roles:
            continue
        name = _text(contributor, "personname")
        if not name:
            before, key = _text(contributor, "namesbeforekey"), _text(contributor, "keynames")
            name = " ".join(part for part in (before, key) if part)
        if not name:
            inverted = _text(contributor, "personnameinverted")
            if "," in inverted:
                last, first = inverted.split(",", 1)
                name = f"{first.strip()} {last.strip()}"
            else:
                name = inverted
        name = name or _text(contributor, "corporatename")
        if name:
            sequence = _text(contributor, "sequencenumber")
            order = int(sequence) if sequence.isdigit() else 1000 + position
            authors.append((order, name.replace(LIST_SEPARATOR, ",")))
    return [name for _order, name in sorted(authors)]


def _onix_genres(detail) -> list[str]:
    subjects = _children(detail, "subject")
    # The main subject first.
    subjects.sort(key=lambda subject: _child(subject, "mainsubject") is None)
    genres: list[str] = []
    for subject in subjects:
        scheme = _text(subject, "subjectschemeidentifier")
        code = _text(subject, "subjectcode").upper()
        mapping = {"10": BISAC_GENRES, "93": THEMA_GENRES}.get(scheme)
        genre = ""
        if mapping and code:
            for prefix in sorted(mapping, key=len, reverse=True):
                if code.startswith(prefix):
                    genre = mapping[prefix]
                    break
        if not genre and scheme != "20":  # 20 = keywords, not a genre
            genre = _text(subject, "subjectheadingtext").replace(LIST_SEPARATOR, ",")
        if genre and genre not in genres:
            genres.append(genre)
    return genres
