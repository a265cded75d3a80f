"""Draw the demo site's images with Pillow (run once; the PNGs are committed):

- static/share.png (1200×630): the default share card (site.toml `share_image`), for pages without
  their own featured image. 1200×630 is the size Facebook, LinkedIn and X's large card ask for.
- static/img/delay-grid.png (1600×900): the featured image of the delay-times post (a hero with srcset).

    python bench/theme/draw_demo_images.py
"""
from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
BG, AMBER, PINK, TEAL, TEXT, MUTED = (16, 18, 23), (255, 181, 71), (255, 122, 144), (122, 216, 208), (233, 230, 225), (169, 176, 189)


def font(size: int, bold: bool = True) -> ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{name}", size)
    except OSError:
        return ImageFont.load_default(size)


def backdrop(width: int, height: int) -> Image.Image:
    """The theme's dark studio background with its two soft glows."""
    image = Image.new("RGB", (width, height), BG)
    glow = Image.new("RGB", (width, height), BG)
    draw = ImageDraw.Draw(glow)
    for r in range(0, 700, 10):
        fade = (1 - r / 700) ** 2 * 0.16
        colour = tuple(int(BG[i] + (PINK[i] - BG[i]) * fade) for i in range(3))
        draw.ellipse((width * 0.85 - r * 1.6, -height * 0.1 - r, width * 0.85 + r * 1.6, -height * 0.1 + r), outline=colour, width=12)
    return Image.blend(image, glow, 0.9)


def share_card() -> None:
    width, height = 1200, 630
    image = backdrop(width, height)
    draw = ImageDraw.Draw(image)
    # the header's "level meter" strip
    for x in range(width):
        t = x / width
        stops = [(0, TEAL), (0.55, AMBER), (0.85, PINK), (1, (255, 94, 91))]
        for (a, ca), (b, cb) in zip(stops, stops[1:]):
            if a <= t <= b:
                k = (t - a) / (b - a)
                draw.line([(x, 0), (x, 10)], fill=tuple(int(ca[i] + (cb[i] - ca[i]) * k) for i in range(3)))
    # the logo's four bars, large
    for i, (h, colour) in enumerate(zip((90, 210, 260, 150), (TEAL, AMBER, AMBER, PINK))):
        x = 90 + i * 64
        draw.rounded_rectangle((x, 300 - h // 2, x + 40, 300 + h // 2), radius=20, fill=colour)
    draw.text((400, 215), "Night Shift Audio", font=font(76), fill=TEXT)
    draw.text((404, 320), "Beats, mixes and the business", font=font(38, bold=False), fill=MUTED)
    draw.text((404, 370), "of making music", font=font(38, bold=False), fill=MUTED)
    # a waveform along the bottom
    for i in range(0, width, 8):
        amp = 18 + 46 * abs(math.sin(i / 37.0) * math.cos(i / 113.0))
        draw.rounded_rectangle((i + 2, 540 - amp, i + 6, 540 + amp), radius=2, fill=AMBER if i % 96 else PINK)
    image.save(ROOT / "static" / "share.png", optimize=True)


def delay_grid() -> None:
    """Delay taps on a tempo grid: quarter, dotted eighth and eighth notes at 120 BPM, fading."""
    width, height = 1600, 900
    image = backdrop(width, height)
    draw = ImageDraw.Draw(image)
    for beat in range(17):                              # four bars of 4/4
        x = 100 + beat * 87.5
        draw.line([(x, 120), (x, 780)], fill=(58, 65, 80) if beat % 4 else (90, 100, 120), width=3 if beat % 4 == 0 else 1)
    rows = [(250, 1.0, TEAL, "1/4 = 500 ms"), (450, 0.75, AMBER, "1/8. = 375 ms"), (650, 0.5, PINK, "1/8 = 250 ms")]
    for y, step, colour, label in rows:
        level, beat = 1.0, 0.0
        while beat <= 16:
            x = 100 + beat * 87.5
            h = 150 * level
            faded = tuple(int(BG[i] + (colour[i] - BG[i]) * (0.35 + 0.65 * level)) for i in range(3))
            draw.rounded_rectangle((x - 10, y - h / 2, x + 10, y + h / 2), radius=10, fill=faded)
            level *= 0.72
            beat += step * 4 / 4 * 1
            if level < 0.05:
                break
        draw.text((1260, y - 24), label, font=font(40), fill=colour)
    draw.text((100, 40), "Delay times at 120 BPM", font=font(52), fill=TEXT)
    image.save(ROOT / "static" / "img" / "delay-grid.png", optimize=True)


if __name__ == "__main__":
    share_card()
    delay_grid()
