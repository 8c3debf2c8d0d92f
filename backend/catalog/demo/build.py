"""Turn the phone rows of `catalog.demo.phones` into complete, deterministic product plans.

Pure functions, no database: every random choice comes from a generator seeded with the product's
slug, so the demo is the same on every run and adding a phone does not reshuffle the others.
"""

import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from catalog.demo import reviews as review_text
from catalog.demo.phones import BRANDS, PHONES, SEGMENTS, Phone

# The demo's "today": review dates and popularity are computed against it, not the clock.
REFERENCE_DATE = date(2026, 11, 20)
IST = ZoneInfo("Asia/Kolkata")
RAM_LADDER = [4, 6, 8, 12, 16]
MAX_VARIANTS = 6

BRAND_NAMES = {slug: name for name, slug, _, _, _ in BRANDS}
BRAND_CODES = {slug: code for _, slug, code, _, _ in BRANDS}
CAMERA_STYLES = {slug: style for _, slug, _, _, style in BRANDS}


@dataclass
class VariantPlan:
    sku: str
    ram_gb: int
    storage_gb: int
    color: str
    color_hex: str
    price: Decimal
    mrp: Decimal
    stock: int
    is_active: bool


@dataclass
class ReviewPlan:
    reviewer: int  # index into reviews.REVIEWERS
    rating: int
    title: str
    body: str
    created_at: datetime


@dataclass
class ProductPlan:
    slug: str
    title: str
    model: str
    brand: str  # slug
    category: str  # slug
    kind: str
    camera_style: str
    specs: dict  # Product fields the seed keeps in sync
    popularity: int
    colours: list  # [(name, hex)] shown, in order
    variants: list = field(default_factory=list)
    reviews: list = field(default_factory=list)


def product_slug(title: str) -> str:
    return slugify(title.replace("+", " plus"))


def round_price(amount: float) -> int:
    """Nearest price ending in 499 or 999, as Indian retailers price phones."""
    return max(499, int((amount + 1 + 250) // 500) * 500 - 1)


def mrp_for(price: int, factor: float, apple: bool) -> int:
    """An MRP about `factor` times the price, between 5% and 30% above it, ending in 999/499
    (Apple's MRPs end in 900)."""
    step, offset = (1000, 100) if apple else (500, 1)
    low, high = price * 1.05, price * 1.30
    mrp = int((price * factor + offset) // step) * step - offset
    while mrp < low:
        mrp += step
    while mrp > high:
        mrp -= step
    if not low <= mrp <= high:
        raise ValueError(f"no MRP for {price}")
    return mrp


def _option_price(phone: Phone, ram: int, storage: int) -> int:
    base_ram, base_storage = phone.memory[0]
    doublings = round(math.log2(storage / base_storage))
    if phone.brand == "apple":
        extra, size = 0, base_storage
        for _ in range(doublings):
            extra += 10_000 if size < 256 else 20_000
            size *= 2
        return round_price(phone.price + extra)
    ram_steps = RAM_LADDER.index(ram) - RAM_LADDER.index(base_ram)
    per_ram = {"budget": 1_000, "mid": 2_000, "premium": 4_000, "flagship": 5_000}[phone.segment]
    per_doubling = {"budget": 1_500, "mid": 2_000, "premium": 5_000, "flagship": 10_000}[phone.segment]
    return round_price(phone.price + ram_steps * per_ram + doublings * per_doubling)


def _code(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper().replace("+", "P"))


def _colour_code(name: str) -> str:
    return "".join(word[:3] for word in re.sub(r"[^A-Za-z ]", "", name).upper().split()[:3])


def _os(phone: Phone) -> str:
    if phone.os:
        return phone.os
    launch = phone.launch
    if phone.brand == "apple":
        for since, version in (("2025-09", "iOS 26"), ("2024-09", "iOS 18"), ("2023-09", "iOS 17")):
            if launch >= since:
                return version
        return "iOS 16"
    for since, version in (("2025-07", "16"), ("2024-10", "15"), ("2023-10", "14"), ("2022-10", "13")):
        if launch >= since:
            return f"Android {version}"
    return "Android 12"


def _panel(phone: Phone) -> str:
    if phone.panel:
        return phone.panel
    if phone.brand == "samsung":
        return "Dynamic AMOLED 2X" if phone.segment in ("premium", "flagship") else "Super AMOLED"
    if phone.brand == "motorola":
        return "pOLED"
    if phone.segment == "budget":
        return "IPS LCD"
    return "LTPO AMOLED" if phone.segment == "flagship" else "AMOLED"


def _display(phone: Phone) -> str:
    hz = phone.hz or (90 if phone.segment == "budget" else 120)
    res = phone.res if phone.res or phone.brand == "apple" else ("HD+" if phone.segment == "budget" else "FHD+")
    panel = _panel(phone)
    screen = " ".join(part for part in (f'{phone.size}"', res, panel) if part)
    if phone.kind == "fold":
        return f"{screen} foldable main screen, {hz} Hz, with a full-size cover screen"
    if phone.kind == "flip":
        return f"{screen} foldable, {hz} Hz, with a cover screen"
    return f"{screen}, {hz} Hz"


def _camera(phone: Phone, rng: random.Random) -> str:
    if phone.cam:
        return phone.cam
    mp = phone.mp
    if phone.segment == "budget":
        rear = f"{mp} MP main + {rng.choice(['2 MP depth', '2 MP macro', 'AI lens'])}"
        front = rng.choice([5, 8, 8, 16])
    elif phone.segment == "mid":
        rear = f"{mp} MP main (OIS) + {rng.choice([8, 8, 12])} MP ultra-wide" + rng.choice(["", " + 2 MP macro"])
        front = rng.choice([16, 16, 32, 50])
    elif phone.segment == "premium":
        tele = rng.choice(["50 MP 2x portrait", "50 MP 3x telephoto", "8 MP 3x telephoto", ""])
        rear = f"{mp} MP main (OIS) + {rng.choice([8, 12, 50])} MP ultra-wide" + (f" + {tele}" if tele else "")
        front = rng.choice([12, 32, 32, 50])
    else:
        periscope = rng.choice(["50 MP 3x periscope", "64 MP 3x periscope", "50 MP 5x periscope"])
        rear = f"{mp} MP main (OIS) + 50 MP ultra-wide + {periscope}"
        front = rng.choice([12, 32, 50])
    return f"{rear} | {front} MP front"


PITCH = {
    "budget": [
        "A dependable everyday phone that keeps the price down without cutting corners.",
        "Made for first-time smartphone buyers and as a reliable second phone.",
        "Everything you need for calls, UPI payments, social media and streaming, at a budget price.",
    ],
    "mid": [
        "A well-balanced mid-ranger for people who want a fast, good-looking phone without paying flagship money.",
        "Great value for gamers and content lovers alike.",
        "It brings features from pricier phones into the mid-range.",
    ],
    "premium": [
        "A premium phone with flagship-grade performance and polish.",
        "Built for people who want a top camera and smooth performance for years.",
        "Premium materials and long software support make it a phone to keep.",
    ],
    "flagship": [
        "The brand's best, with every feature it makes.",
        "A no-compromise flagship for photography, gaming and work.",
        "Top-tier performance, cameras and build, for those who want the very best.",
    ],
}
KIND_PITCH = {
    "fold": "It opens into a small tablet for reading, video and side-by-side apps, and folds shut to fit a pocket.",
    "flip": "It folds in half to slip into any pocket, with a cover screen for quick replies, selfies and "
    "notifications.",
}


def _battery_phrase(mah: int) -> str:
    if mah >= 6000:
        return "comfortably lasts two days of typical use"
    if mah >= 5000:
        return "gets through a full day and more"
    return "lasts a full day of typical use"


def _description(phone: Phone, title: str, rng: random.Random) -> str:
    network = " and 5G" if phone.g5 else ""
    first = f"The {title} pairs a {phone.size}-inch {_panel(phone)} display with the {phone.chip} chip{network}."
    second = (
        f"Its {phone.mp} MP main camera shoots sharp photos and video, and the {phone.battery:,} mAh battery "
        f"{_battery_phrase(phone.battery)}."
    )
    third = KIND_PITCH.get(phone.kind) or rng.choice(PITCH[phone.segment])
    return f"{first} {second} {third}"


def _popularity(phone: Phone, rng: random.Random) -> int:
    age_years = (REFERENCE_DATE - date.fromisoformat(phone.launch)).days / 365
    recency = max(0.25, 1 - 0.3 * max(0.0, age_years - 0.5))
    base = {"budget": 2600, "mid": 2100, "premium": 900, "flagship": 450}[phone.segment]
    return int(base * recency * rng.uniform(0.4, 1.6))


def _variants(phone: Phone, title: str, rng: random.Random) -> tuple[list, list]:
    per_colour = len(phone.memory)
    colours = list(phone.colours[: max(1, MAX_VARIANTS // per_colour)])
    if not 2 <= per_colour * len(colours) <= MAX_VARIANTS:
        raise ValueError(f"{title}: {per_colour} memory options x {len(colours)} colours is not 2-6 variants")
    factor = rng.uniform(1.06, 1.28)
    code = f"{BRAND_CODES[phone.brand]}-{_code(phone.model)}"
    variants: list[VariantPlan] = []
    for ram, storage in phone.memory:
        price = _option_price(phone, ram, storage)
        mrp = mrp_for(price, factor, phone.brand == "apple")
        for name, hex_ in colours:
            roll = rng.random()
            variants.append(
                VariantPlan(
                    sku=f"{code}-{ram}-{storage}-{_colour_code(name)}",
                    ram_gb=ram,
                    storage_gb=storage,
                    color=name,
                    color_hex=hex_,
                    price=Decimal(price),
                    mrp=Decimal(mrp),
                    stock=0 if roll < 0.08 else rng.randint(5, 60),
                    is_active=not variants or rng.random() > 0.04,
                )
            )
    return colours, variants


def _reviews(phone: Phone, popularity: int, colours: list, rng: random.Random) -> list:
    if rng.random() < 0.06:
        return []
    count = min(len(review_text.REVIEWERS), popularity // 160 + rng.randint(1, 5))
    quality = rng.uniform(3.4, 4.6) + (0.15 if phone.segment in ("premium", "flagship") else 0)
    launch = date.fromisoformat(phone.launch)
    days = max(10, (REFERENCE_DATE - launch).days)
    tags = {"any", "5g" if phone.g5 else "4g", "budget" if phone.segment == "budget" else "fast"}
    praise = [text for text, tag in review_text.PRAISE if tag in tags]
    complaints = [text for text, tag in review_text.COMPLAINT if tag in tags]
    values = {
        "battery": f"{phone.battery:,}",
        "mp": phone.mp,
        "size": phone.size,
        "chip": phone.chip,
        "weight": phone.weight,
    }
    out = []
    for reviewer in sorted(rng.sample(range(len(review_text.REVIEWERS)), count)):
        rating = min(5, max(1, round(rng.gauss(quality, 0.9))))
        if rating >= 4:
            parts = rng.sample(praise, 2)
            if rating == 4:
                parts.append(rng.choice(complaints))
        elif rating == 3:
            parts = [rng.choice(praise), rng.choice(complaints)]
        else:
            parts = rng.sample(complaints, 2)
        parts.append(rng.choice(review_text.DELIVERY))
        fill = dict(values, colour=rng.choice(colours)[0], city=rng.choice(review_text.CITIES))
        body = " ".join(part.format(**fill) for part in parts if part)
        when = launch + timedelta(days=rng.randint(3, days - 1))
        created = datetime.combine(when, time(rng.randint(8, 22), rng.randint(0, 59)), tzinfo=IST)
        out.append(ReviewPlan(reviewer, rating, rng.choice(review_text.TITLES[rating]), body, created))
    return out


def plan_product(phone: Phone) -> ProductPlan:
    title = f"{BRAND_NAMES[phone.brand]} {phone.model}"
    slug = product_slug(title)
    rng = random.Random(f"phonestore-demo:{slug}")
    if phone.segment not in SEGMENTS:
        raise ValueError(f"{title}: unknown segment {phone.segment}")
    category = "ios" if phone.brand == "apple" else ("foldables" if phone.kind in ("fold", "flip") else "android")
    specs = {
        "title": title,
        "description": _description(phone, title, rng),
        "battery_mah": phone.battery,
        "main_camera_mp": phone.mp,
        "camera_summary": _camera(phone, rng),
        "display": _display(phone),
        "display_size_in": Decimal(phone.size),
        "processor": phone.chip,
        "os": _os(phone),
        "is_5g": phone.g5,
        "weight_g": phone.weight,
        "launch_date": date.fromisoformat(phone.launch),
    }
    popularity = _popularity(phone, rng)
    colours, variants = _variants(phone, title, rng)
    plan = ProductPlan(
        slug,
        title,
        phone.model,
        phone.brand,
        category,
        phone.kind,
        CAMERA_STYLES[phone.brand],
        specs,
        popularity,
        colours,
        variants,
    )
    plan.reviews = _reviews(phone, popularity, colours, rng)
    return plan


@lru_cache(maxsize=1)
def demo_plans() -> tuple:
    plans = tuple(plan_product(phone) for phone in PHONES)
    slugs = [p.slug for p in plans]
    skus = [v.sku for p in plans for v in p.variants]
    if len(set(slugs)) != len(slugs) or len(set(skus)) != len(skus):
        raise ValueError("demo catalog has duplicate slugs or SKUs")
    return plans
