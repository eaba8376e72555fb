"""Draw static/img/favicon.ico from the same shapes as static/img/favicon.svg (our own mark:
two cream pages on a burgundy square), for browsers and crawlers that ask for /favicon.ico.

    .venv/bin/python tools/make_favicon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "favicon.ico"
SCALE = 8  # draw large, then shrink: smooth edges at 16-48 px


def mark(size: int = 32 * SCALE) -> Image.Image:
    unit = size / 32
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=6 * unit, fill="#7a1f2b")
    draw.rectangle((8 * unit, 8 * unit, 15 * unit, 24 * unit), fill="#fbf6ee")
    draw.rectangle((17 * unit, 8 * unit, 24 * unit, 24 * unit), fill="#fbf6ee")
    return image


if __name__ == "__main__":
    mark().save(OUT, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"{OUT} ({OUT.stat().st_size} bytes)")
