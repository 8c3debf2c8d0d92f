"""Prepares a benchmark run against the bench database (run with the bench's environment, from bench/run):
shoppers with JWTs and variants with plenty of stock for the checkout scenario, the fixed request mixes
of every scenario (repeated by wrk: the cached figures), and mixes of a few hundred distinct paths each
requested once (the uncached figures: search, suggest, listing by page depth, listing by filter combination
and sort, product detail), written as files into the output directory given as the only argument."""
import json
import os
import random
import re
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import User  # noqa: E402
from catalog.models import Brand, Category, Product, ProductVariant  # noqa: E402

SHOPPERS = int(os.environ.get("BENCH_SHOPPERS", "8"))
CHECKOUT_VARIANTS = 40
DETAIL_PRODUCTS = 60

LISTING = [
    "",
    "?sort=price",
    "?sort=-rating&page=2",
    "?sort=newest&page=5",
    "?brand=samsung",
    "?brand=samsung&ram=8&sort=price",
    "?category=android&is_5g=true&price_max=40000&sort=-rating",  # three filters and a sort
    "?category=smartphones&ram=8,12&available=true&sort=-price&page=3",
    "?brand=apple,google&storage=256&sort=newest",
    "?price_min=10000&price_max=30000&color=Midnight%20Black&page=2",
    "?is_5g=true&rating_min=4&page=2",
    "?category=foldables&sort=price",
    "?brand=xiaomi,redmi,poco&ram=6&storage=128&sort=price&page=2",
    "?category=ios&sort=-price",
    "?brand=oneplus&is_5g=true&available=true&sort=popularity",
    "?ram=16&sort=-rating",
    "?category=feature-phones&sort=price",
    "?brand=vivo,oppo&price_max=25000&sort=newest&page=2",
    "?storage=512&available=true&page=3",
    "?page=40&page_size=24",
]
SEARCH = [
    "q=samsung", "q=galaxy", "q=iphone", "q=redmi%20note",                      # one word, a name
    "q=samsng", "q=iphnoe", "q=motorolla",                                      # a typo
    "q=samsung%205g&ram=8&price_max=40000&sort=price",                          # several words with filters
    "q=bench%20plus&brand=vivo&available=true", "q=pro%20max&storage=256",
    "brand=oneplus&sort=-rating", "category=android&is_5g=true&page=3",         # browse with facets
    "ram=8,12&price_min=15000&price_max=35000", "q=nothing%20phone",
]
SUGGEST = ["sa", "sam", "gal", "iph", "red", "one", "pix", "mot", "no", "vi", "po", "bench b1", "xia", "real"]

# The uncached mixes: distinct paths, none in the mixes above, each requested once by bench/run (so every
# one is a miss of the answer cache). Seeded, so the same catalog gives the same paths on every run.
UNCACHED_SEED = 2024
UNCACHED_SEARCH_PER_KIND = 80  # x 4 kinds: one word or name, a typo, words with filters, browse with facets
UNCACHED_SUGGEST = 240
LISTING_DEPTH_PAGES = 300  # /api/products/?page=1..300: the pages crawlers walk, each once
LISTING_PAGE_SIZE = 24  # the API's default page size
LISTING_FILTER_SETS = 60  # x 4: listings with 1, 2, 3 and 4 filters at once, each with a sort
UNCACHED_DETAIL = 200  # distinct products, none of the detail mix
LISTING_FILTERS = ["brand", "ram", "storage", "price", "is_5g", "rating", "category", "color", "available"]
SORT_VALUES = ["price", "-price", "-rating", "newest", "popularity"]
WORDS_FILTERS = ["brand", "ram", "storage", "price", "available", "sort"]  # with words: the filters
BROWSE_FILTERS = WORDS_FILTERS + ["category", "is_5g", "color"]  # browsing: the whole filter panel
PAGED_CATEGORIES = {"android", "ios", "smartphones", "mobiles"}  # broad enough for a page 2 or 3
WORD_RE = re.compile(r"[a-z0-9]+")


def canonical(query: str) -> tuple:
    """The answer cache's view of a query string (core.http_cache: its parameters, sorted)."""
    return tuple(sorted(parse_qsl(query, keep_blank_values=True)))


def words_of(title: str) -> list[str]:
    return WORD_RE.findall(title.lower())


def typo(word: str, rng: random.Random) -> str:
    """One adjacent pair of letters swapped, or one letter dropped (never the first), always leaving the 5
    letters from which the engines forgive a typo (a dropped letter of "apple" would leave "aple": 4)."""
    for _ in range(20):
        i = rng.randrange(1, len(word) - 1)
        if len(word) >= 6 and rng.random() < 0.5:
            return word[:i] + word[i + 1:]
        if word[i] != word[i + 1]:
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:-1] + "x"  # (letters all alike: one letter changed instead)


class Catalog:
    """What the uncached mixes are made of, read from the bench database in a fixed order."""

    def __init__(self, rng: random.Random):
        products = Product.objects.filter(is_active=True).order_by("id")
        demo = list(products.exclude(slug__startswith="bench-").values_list("title", "brand__slug"))
        bench = list(products.filter(slug__startswith="bench-").values_list("title", "brand__slug"))
        self.titles = [(words_of(t), b) for t, b in demo if words_of(t)]  # the real phones' names
        self.bench_titles = [(words_of(t), b) for t, b in rng.sample(bench, min(2000, len(bench)))]
        self.brands = list(Brand.objects.filter(products__is_active=True).distinct().order_by("slug")
                           .values_list("slug", "name"))
        used = set(Category.objects.filter(products__is_active=True).values_list("slug", flat=True))
        parents = {"smartphones", "mobiles"} & set(Category.objects.values_list("slug", flat=True))
        self.categories = sorted(used | parents)  # a parent category includes its sub-categories
        variants = ProductVariant.objects.filter(is_active=True, product__is_active=True)
        self.ram = sorted(set(variants.values_list("ram_gb", flat=True)))
        self.storage = sorted(set(variants.values_list("storage_gb", flat=True)))
        self.colors = list(variants.order_by("id").values_list("color", flat=True))  # drawn as often as they are sold
        prices = sorted(int(p) for p in variants.values_list("price", flat=True))
        # Round thousands at the 5th, 10th, ... 95th percentile of the variants' prices: the ends of price ranges.
        self.price_marks = sorted({round(prices[len(prices) * q // 20] / 1000) * 1000 for q in range(1, 20)} if prices else {10000, 30000})
        vocabulary = {w for words, _ in self.titles for w in words} | {w for words, _ in self.bench_titles for w in words}
        vocabulary |= {w for _, name in self.brands for w in words_of(name)}
        self.words = sorted(w for w in vocabulary if w[0].isalpha() and len(w) >= 3 and not re.fullmatch(r"b\d+", w))
        self.typo_words = [w for w in self.words if w.isalpha() and len(w) >= 5]  # one typo forgiven from 5 letters

    def filters(self, rng: random.Random, count: int, kinds: list[str], brand: str | None = None) -> dict:
        """`count` of these kinds of filter, at random; a brand filter, when drawn, is `brand` if given."""
        out: dict = {}
        for kind in rng.sample(kinds, count):
            if kind == "brand":
                out["brand"] = brand or ",".join(sorted(rng.sample([s for s, _ in self.brands], rng.choice([1, 1, 2, 3]))))
            elif kind == "ram":
                out["ram"] = ",".join(str(v) for v in sorted(rng.sample(self.ram, rng.choice([1, 1, 2]))))
            elif kind == "storage":
                out["storage"] = ",".join(str(v) for v in sorted(rng.sample(self.storage, rng.choice([1, 1, 2]))))
            elif kind == "price":
                low, high = sorted(rng.sample(self.price_marks, 2)) if len(self.price_marks) > 1 else (0, self.price_marks[0])
                shape = rng.random()
                if shape < 0.4:
                    out["price_min"], out["price_max"] = low, high
                elif shape < 0.7:
                    out["price_max"] = high
                else:
                    out["price_min"] = low
            elif kind == "available":
                out["available"] = "true"
            elif kind == "sort":
                out["sort"] = rng.choice(SORT_VALUES)
            elif kind == "category":
                out["category"] = rng.choice(self.categories)
            elif kind == "is_5g":
                out["is_5g"] = rng.choice(["true", "false"])
            elif kind == "color":
                out["color"] = rng.choice(self.colors)
            elif kind == "rating":
                out["rating_min"] = rng.choice(["3", "3.5", "4", "4.5"])
        return out


def uncached_search(catalog: Catalog, rng: random.Random) -> list[str]:
    """Distinct /api/search/ query strings, UNCACHED_SEARCH_PER_KIND of each kind of the issue's mix."""
    seen = {canonical(q) for q in SEARCH}
    out: list[str] = []

    def add(params: dict) -> bool:
        query = urlencode(params, quote_via=quote, safe=",")
        key = canonical(query)
        if not params or key in seen:
            return False
        seen.add(key)
        out.append(query)
        return True

    def one_word_or_name() -> dict:
        shape = rng.random()
        if shape < 0.4:  # one word of a real title, or a brand
            return {"q": rng.choice(catalog.words)}
        if shape < 0.75:  # a real phone's name, or its first words ("galaxy s25", "redmi note 14 pro")
            words, _ = rng.choice(catalog.titles)
            start = rng.choice([0, 1]) if len(words) > 2 else 0
            return {"q": " ".join(words[start:rng.randint(start + 2, len(words))] if len(words) > 1 else words)}
        words, _ = rng.choice(catalog.bench_titles)  # a bench phone's model name ("b12345", "vivo bench b12345")
        model = next((w for w in words if re.fullmatch(r"b\d+", w)), words[-1])
        return {"q": rng.choice([model, f"{words[0]} {model}", " ".join(words)])}

    def with_typo() -> dict:
        words, _ = rng.choice(catalog.titles)
        long_words = [w for w in words if w in catalog.typo_words]
        if not long_words:
            return {"q": typo(rng.choice(catalog.typo_words), rng)} if catalog.typo_words else {}
        word = rng.choice(long_words)
        wrong = typo(word, rng)
        if wrong in catalog.words:  # a typo that is another real word is not a typo
            return {}
        if rng.random() < 0.5 and len(words) > 1:  # with the next (or previous) word of the name, spelt right
            i = words.index(word)
            return {"q": f"{wrong} {words[i + 1]}" if i + 1 < len(words) else f"{words[i - 1]} {wrong}"}
        return {"q": wrong}

    def words_and_filters() -> dict:
        if rng.random() < 0.7:
            words, brand = rng.choice(catalog.titles)
            start = rng.randrange(0, max(1, len(words) - 1))
            text = " ".join(words[start:start + rng.choice([2, 2, 3])])
        else:
            words, brand = rng.choice(catalog.bench_titles)
            text = " ".join([words[0], *rng.sample(["5g", "pro", "lite", "plus", "ultra", "bench"], rng.choice([1, 2]))])
        if len(text.split()) < 2:
            text = f"{text} {rng.choice(['5g', 'pro'])}"
        return {"q": text, **catalog.filters(rng, rng.choice([1, 2, 2, 3]), WORDS_FILTERS, brand=brand if rng.random() < 0.5 else None)}

    def browse() -> dict:
        params = catalog.filters(rng, rng.choice([1, 2, 2, 3, 4]), BROWSE_FILTERS)
        narrow = set(params) - {"sort"}
        if len(narrow) == 1 and (("brand" in params and "," not in params["brand"]) or params.get("category") in PAGED_CATEGORIES):
            if rng.random() < 0.5:
                params["page"] = rng.choice([2, 3])
        return params

    for make in (one_word_or_name, with_typo, words_and_filters, browse):
        made = 0
        for _ in range(UNCACHED_SEARCH_PER_KIND * 50):
            if made == UNCACHED_SEARCH_PER_KIND:
                break
            made += add(make())
    return out


def uncached_listing_depth(phones: int) -> list[str]:
    """/api/products/ pages 1 to LISTING_DEPTH_PAGES (or the last page of a smaller catalog) in the default sort:
    page 1 spelt out (?page=1), so that not even it is the cached mix's bare /api/products/."""
    last = min(LISTING_DEPTH_PAGES, max(1, -(-phones // LISTING_PAGE_SIZE)))
    return [f"page={n}" for n in range(1, last + 1)]


def uncached_listing_filters(catalog: Catalog, rng: random.Random) -> list[str]:
    """Distinct /api/products/ query strings with 1, 2, 3 and 4 filters at once (LISTING_FILTER_SETS of each)
    and a sort (the default, popularity, spelt out a fifth of the time), none of the cached mix."""
    seen = {canonical(q.lstrip("?")) for q in LISTING}
    out: list[str] = []
    for count in (1, 2, 3, 4):
        made = 0
        for _ in range(LISTING_FILTER_SETS * 50):
            if made == LISTING_FILTER_SETS:
                break
            params = {**catalog.filters(rng, count, LISTING_FILTERS), "sort": rng.choice(SORT_VALUES)}
            query = urlencode(params, quote_via=quote, safe=",")
            if canonical(query) not in seen:
                seen.add(canonical(query))
                out.append(query)
                made += 1
    return out


def uncached_suggest(catalog: Catalog, rng: random.Random) -> list[str]:
    """Distinct prefixes, 2 to 6 letters, of the words of real titles and brands (none of SUGGEST)."""
    taken = {q.strip().lower() for q in SUGGEST}
    prefixes = {w[:n] for w in catalog.words for n in range(2, min(6, len(w)) + 1)} - taken
    # Every prefix of letters only (about 150: "ga", "gala", "redm"), then model names ("s2", "x20") to make up the count.
    letters = sorted(p for p in prefixes if p.isalpha())
    models = sorted(p for p in prefixes if not p.isalpha())
    chosen = rng.sample(letters, min(UNCACHED_SUGGEST, len(letters)))
    chosen += rng.sample(models, min(UNCACHED_SUGGEST - len(chosen), len(models)))
    rng.shuffle(chosen)
    return chosen


def write(directory: Path, name: str, lines: list[str]) -> None:
    (directory / name).write_text("\n".join(lines) + "\n")


def main(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    tokens = []
    for n in range(SHOPPERS):
        user, created = User.objects.get_or_create(email=f"bench-shopper-{n}@example.com",
                                                   defaults={"full_name": f"Bench Shopper {n}"})
        if created:
            user.set_unusable_password()
            user.save()
        tokens.append(str(RefreshToken.for_user(user).access_token))
    ids = list(ProductVariant.objects.filter(is_active=True, product__is_active=True, product__slug__startswith="bench-")
               .order_by("id").values_list("id", flat=True)[:5000])
    chosen = sorted(rng.sample(ids, min(CHECKOUT_VARIANTS, len(ids))))
    with transaction.atomic():
        ProductVariant.objects.filter(id__in=chosen).update(stock=1_000_000)  # never runs out during a run
    bench_coupon()
    bench_console_admin()
    slugs = list(Product.objects.filter(is_active=True).order_by("id").values_list("slug", flat=True))
    detail = sorted(rng.sample(slugs, min(DETAIL_PRODUCTS, len(slugs))))
    write(directory, "tokens.txt", tokens)
    write(directory, "variants.txt", [str(i) for i in chosen])
    write(directory, "paths-floor.txt", ["/api/health/"])
    write(directory, "paths-listing.txt", [f"/api/products/{q}" for q in LISTING])
    write(directory, "paths-detail.txt", [f"/api/products/{quote(s)}/" for s in detail])
    write(directory, "paths-search.txt", [f"/api/search/?{q}" for q in SEARCH])
    write(directory, "paths-suggest.txt", [f"/api/search/suggest/?q={quote(q)}" for q in SUGGEST])
    write(directory, "product-slug.txt", [next(s for s in slugs if not s.startswith("bench-"))])
    uncached = random.Random(UNCACHED_SEED)  # a generator of its own: the mixes above stay as they were
    catalog = Catalog(uncached)
    search = uncached_search(catalog, uncached)
    suggest = uncached_suggest(catalog, uncached)
    write(directory, "paths-search-uncached.txt", [f"/api/search/?{q}" for q in search])
    write(directory, "paths-suggest-uncached.txt", [f"/api/search/suggest/?q={quote(q)}" for q in suggest])
    depth = uncached_listing_depth(len(slugs))
    filtered = uncached_listing_filters(catalog, uncached)
    write(directory, "paths-listing-depth.txt", [f"/api/products/?{q}" for q in depth])
    write(directory, "paths-listing-filters.txt", [f"/api/products/?{q}" for q in filtered])
    statements = checkout_statements(chosen[0])
    (directory / "checkout_statements.json").write_text(json.dumps(statements) + "\n")
    others = sorted(set(slugs) - set(detail))
    write(directory, "paths-detail-uncached.txt",
          [f"/api/products/{quote(s)}/" for s in uncached.sample(others, min(UNCACHED_DETAIL, len(others)))])
    print(f"bench setup: {len(tokens)} shoppers, {len(chosen)} variants for checkout, {len(detail)} products for detail, "
          f"{len(search)} distinct search, {len(suggest)} distinct suggest, {len(depth)} listing pages, "
          f"{len(filtered)} listing filter sets and {min(UNCACHED_DETAIL, len(others))} products for the uncached runs; "
          f"SQL statements per purchase {statements}")


class RolledBack(Exception):
    pass


def checkout_statements(variant_id: int) -> dict[str, int]:
    """The SQL statements the API runs for one purchase (add to cart, check out, pay with the dev gateway), counted
    in-process through the API's own views on the bench database (the second purchase of a new shopper), then rolled
    back: the figure issue 21 asks for."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    counts: dict[str, int] = {}
    try:
        with override_settings(PAYMENTS_DEV_GATEWAY=True, ALLOWED_HOSTS=["testserver"]), transaction.atomic():
            user = User.objects.create(email="bench-statements@example.com", full_name="Bench Statements")
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
            address = {"full_name": "Ravi Kumar", "phone": "9123456780", "line1": "4 Park Street", "city": "Kolkata",
                       "state": "West Bengal", "pincode": "700016"}
            steps = [("add", "/api/cart/items/", {"variant": variant_id, "quantity": 1}),
                     ("checkout", "/api/checkout/", {"payment_method": "dev", "address": address}),
                     ("pay", "/api/payments/dev/confirm/", None)]
            order_id = None
            for _ in range(2):  # the second purchase is counted: a returning shopper, as in the wrk scenario
                for name, path, body in steps:
                    with CaptureQueriesContext(connection) as statements:
                        answer = client.post(path, body or {"order_id": order_id}, format="json", secure=True)
                    if answer.status_code >= 300:
                        raise RuntimeError(f"{path} answered {answer.status_code}: {answer.content[:300]!r}")
                    if name == "checkout":
                        order_id = answer.json()["id"]
                    counts[name] = len(statements.captured_queries)
            raise RolledBack
    except RolledBack:
        pass
    return {**counts, "total": sum(counts.values())}


BENCH_CONSOLE_EMAIL, BENCH_CONSOLE_PASSWORD = "bench-admin@example.com", "Bench-Console-Lantern-19"


def bench_console_admin() -> None:
    """The admin account bench/console-lighthouse signs in as (the bench database only): every console page opens
    to it, Users included."""
    from django.contrib.auth.models import Group

    user = User.objects.filter(email=BENCH_CONSOLE_EMAIL).first() or User(email=BENCH_CONSOLE_EMAIL)
    user.full_name, user.is_staff, user.is_active = "Bench Admin", True, True
    user.set_password(BENCH_CONSOLE_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name="admin")])


def bench_coupon() -> None:
    """BENCH5, the checkout_coupon scenario's coupon: 5% off any cart, no limit on uses (total or per shopper)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from coupons.models import Coupon

    Coupon.objects.update_or_create(code="BENCH5", defaults={
        "kind": "percent", "value": Decimal("5"), "max_discount": None, "min_subtotal": Decimal("0"),
        "valid_from": datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Kolkata")), "valid_until": None,
        "max_uses": None, "max_uses_per_user": None, "is_active": True, "description": "Bench: 5% off",
    })


if __name__ == "__main__":
    main(Path(sys.argv[1]))
