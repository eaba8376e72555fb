"""Draw static/img/favicon.ico and the home-screen icons (static/img/icon-192.png,
icon-512.png: the loyalty card's web app manifest) from the same shapes as
static/img/favicon.svg (our own mark: two cream pages on a burgundy square), for browsers and
crawlers that ask for /favicon.ico and phones that keep the card on their home screen.

    .venv/bin/python tools/make_favicon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

IMG = Path(__file__).resolve().parent.parent / "static" / "img"
OUT = IMG / "favicon.ico"
SCALE = 8  # draw large, then shrink: smooth edges at 16-48 px
ICON_SIZES = (192, 512)


def mark(size: int = 32 * SCALE, *, rounded: bool = True) -> Image.Image:
    unit = size / 32
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (0, 0, size - 1, size - 1), radius=6 * unit if rounded else 0, fill="#7a1f2b"
    )
    draw.rectangle((8 * unit, 8 * unit, 15 * unit, 24 * unit), fill="#fbf6ee")
    draw.rectangle((17 * unit, 8 * unit, 24 * unit, 24 * unit), fill="#fbf6ee")
    return image


def icon(size: int) -> Image.Image:
    # Square corners: the phone applies its own mask ("any maskable" in the manifest), and the
    # pages sit inside the central safe zone.
    return mark(size * 4, rounded=False).resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    mark().save(OUT, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"{OUT} ({OUT.stat().st_size} bytes)")
    for size in ICON_SIZES:
        path = IMG / f"icon-{size}.png"
        icon(size).save(path, format="PNG", optimize=True)
        print(f"{path} ({path.stat().st_size} bytes)")
