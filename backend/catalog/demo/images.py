"""Product pictures for the demo, drawn with Pillow: the back of a phone in the variant's colour, its
camera module and wordmark, with the brand, model and colour names below, on a light background.

One 600x1200 WebP per product colour serves both cards and detail pages. Shapes are anti-aliased
masks computed once and reused, so an image costs a few paste operations and one WebP encode
(about 15 ms of CPU); `render_many` encodes on threads, as Pillow releases the GIL while encoding.
"""

import io
import os
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 600, 1200
EXTENSION = "webp"
WEBP_QUALITY = 80
_SUPERSAMPLE = 4
_INK = (17, 24, 39)
_MUTED = (107, 114, 128)

RGB = tuple[int, ...]  # (red, green, blue), 0-255 each


def hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _luminance(rgb: RGB) -> float:
    r, g, b = rgb
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@lru_cache(maxsize=64)
def _rounded(width: int, height: int, radius: int) -> Image.Image:
    """An anti-aliased rounded-rectangle mask (drawn large, scaled down)."""
    s = _SUPERSAMPLE
    big = Image.new("L", (width * s, height * s), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, width * s - 1, height * s - 1), radius=radius * s, fill=255)
    return big.resize((width, height), Image.Resampling.BOX)


def _circle(diameter: int) -> Image.Image:
    return _rounded(diameter, diameter, diameter // 2)


@lru_cache(maxsize=8)
def _shadow(width: int) -> Image.Image:
    mask = Image.new("L", (width + 80, 90), 0)
    ImageDraw.Draw(mask).ellipse((40, 30, width + 40, 60), fill=150)
    return mask.filter(ImageFilter.GaussianBlur(14))


@lru_cache(maxsize=8)
def _gloss(width: int, height: int, radius: int) -> tuple:
    """A soft diagonal highlight clipped to the phone's shape: (x, y, mask) of its bounding box only."""
    band = Image.new("L", (width, height), 0)
    ImageDraw.Draw(band).polygon(
        [(0, height * 0.15), (width * 0.55, 0), (width * 0.95, 0), (0, height * 0.55)], fill=34
    )
    band = band.filter(ImageFilter.GaussianBlur(30))
    mask = Image.composite(band, Image.new("L", (width, height), 0), _rounded(width, height, radius))
    box = mask.point(lambda v: 255 if v > 2 else 0).getbbox()
    assert box is not None  # the band crosses every phone shape: never an empty picture
    return box[0], box[1], mask.crop(box)


@lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled FreeType font: the same pictures on every machine, no system fonts needed.
    return ImageFont.load_default(size=size)


def _fit_font(
    draw: ImageDraw.ImageDraw, text: str, size: int, max_width: int
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    while size > 18:
        font = _font(size)
        if draw.textlength(text, font=font) <= max_width:
            return font
        size -= 2
    return _font(size)


def _dab(image: Image.Image, colour: RGB, x: int, y: int, mask: Image.Image) -> None:
    image.paste(colour, (x, y, x + mask.width, y + mask.height), mask)


def _lens(image: Image.Image, cx: int, cy: int, diameter: int, ring: RGB) -> None:
    _dab(image, ring, cx - diameter // 2, cy - diameter // 2, _circle(diameter))
    inner = diameter - 12
    _dab(image, (22, 24, 28), cx - inner // 2, cy - inner // 2, _circle(inner))
    core = inner // 2
    _dab(image, (45, 52, 70), cx - core // 2, cy - core // 2, _circle(core))
    _dab(image, (235, 238, 245), cx - inner // 4, cy - inner // 4, _circle(max(4, inner // 7)))


def _camera(image: Image.Image, style: str, x0: int, y0: int, width: int, body: RGB, ring: RGB) -> None:
    if style == "vertical":
        for i in range(3):
            _lens(image, x0 + 62, y0 + 70 + i * 72, 58, ring)
        _dab(image, (250, 240, 210), x0 + 112, y0 + 60, _circle(14))
    elif style == "square":
        bump = _mix(body, ring, 0.5)
        _dab(image, bump, x0 + 22, y0 + 22, _rounded(150, 150, 36))
        _lens(image, x0 + 62, y0 + 62, 58, ring)
        _lens(image, x0 + 62, y0 + 132, 58, ring)
        _lens(image, x0 + 132, y0 + 97, 58, ring)
        _dab(image, (250, 240, 210), x0 + 124, y0 + 40, _circle(14))
    elif style == "circle":
        cx = x0 + width // 2
        _dab(image, _mix(body, ring, 0.5), cx - 85, y0 + 30, _circle(170))
        _lens(image, cx - 30, y0 + 85, 54, ring)
        _lens(image, cx + 30, y0 + 85, 54, ring)
        _lens(image, cx, y0 + 143, 54, ring)
    else:  # visor: a band across the back
        _dab(image, (30, 32, 36), x0 + 18, y0 + 70, _rounded(width - 36, 84, 42))
        _lens(image, x0 + 80, y0 + 112, 60, (60, 62, 68))
        _lens(image, x0 + 150, y0 + 112, 60, (60, 62, 68))
        _dab(image, (250, 240, 210), x0 + width - 80, y0 + 104, _circle(16))


def render_phone(
    brand: str, model: str, colour: str, colour_hex: str, style: str = "vertical", kind: str = "bar"
) -> bytes:
    """The WebP bytes of one product picture. Cached: the same arguments give the same bytes."""
    return _render(brand, model, colour, colour_hex.upper(), style, kind)


@lru_cache(maxsize=2048)
def _render(brand: str, model: str, colour: str, colour_hex: str, style: str, kind: str) -> bytes:
    body = hex_to_rgb(colour_hex)
    light = _luminance(body) > 0.55
    background = _mix(body, (246, 247, 249), 0.9)
    frame = _mix(body, (0, 0, 0), 0.28) if light else _mix(body, (255, 255, 255), 0.22)
    ring = _mix(body, (0, 0, 0), 0.4) if light else _mix(body, (255, 255, 255), 0.3)
    mark = _mix(body, (0, 0, 0), 0.45) if light else _mix(body, (255, 255, 255), 0.55)

    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    width, height, radius = {"fold": (360, 700, 42), "flip": (300, 720, 62)}.get(kind, (320, 700, 48))
    x0, y0 = (WIDTH - width) // 2, 840 - height
    _dab(image, _mix(background, (0, 0, 0), 0.35), x0 - 40, y0 + height - 30, _shadow(width))
    _dab(image, frame, x0, y0, _rounded(width, height, radius))
    _dab(image, body, x0 + 6, y0 + 6, _rounded(width - 12, height - 12, radius - 5))
    gx, gy, gloss = _gloss(width - 12, height - 12, radius - 5)
    _dab(image, (255, 255, 255), x0 + 6 + gx, y0 + 6 + gy, gloss)

    draw = ImageDraw.Draw(image)
    if kind == "flip":
        draw.rectangle((x0 + 6, y0 + height // 2 - 4, x0 + width - 7, y0 + height // 2 + 4), fill=frame)
        _dab(image, (24, 26, 30), x0 + 20, y0 + 20, _rounded(width - 40, height // 2 - 44, 36))
        _lens(image, x0 + 70, y0 + 70, 60, (70, 72, 78))
        _lens(image, x0 + 142, y0 + 70, 60, (70, 72, 78))
        mark_y = y0 + height - 110
    else:
        if kind == "fold":
            draw.rectangle((x0 + 6, y0 + 30, x0 + 22, y0 + height - 31), fill=frame)
        _camera(image, style, x0 + (16 if kind == "fold" else 0), y0, width - (16 if kind == "fold" else 0), body, ring)
        mark_y = y0 + height - 120
    draw.text((WIDTH // 2, mark_y), brand.upper(), font=_font(22), fill=mark, anchor="mm")

    draw.text((WIDTH // 2, 915), brand.upper(), font=_font(28), fill=_MUTED, anchor="mm")
    name_font = _fit_font(draw, model, 48, WIDTH - 60)
    draw.text((WIDTH // 2, 978), model, font=name_font, fill=_INK, anchor="mm", stroke_width=1, stroke_fill=_INK)
    colour_font = _font(28)
    text_width = draw.textlength(colour, font=colour_font)
    swatch_x = int(WIDTH // 2 - (text_width + 36) / 2)
    _dab(image, _mix(body, (0, 0, 0), 0.2), swatch_x, 1031, _circle(26))
    _dab(image, body, swatch_x + 2, 1033, _circle(22))
    draw.text((swatch_x + 36, 1044), colour, font=colour_font, fill=_MUTED, anchor="lm")

    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=0)
    return out.getvalue()


def render_many(jobs: list) -> list:
    """render_phone(*job) for each job, on a few threads; results in order."""
    if len(jobs) < 8:
        return [render_phone(*job) for job in jobs]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return list(pool.map(lambda job: render_phone(*job), jobs))
