"""What a search asks for and what it answers, independent of the engine behind it."""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catalog.filters import ProductFilter

MAX_QUERY_LENGTH = 200
RELEVANCE = "relevance"
LISTING_SORTS = ("popularity", "price", "-price", "-rating", "newest")  # catalog.filters.SORTS, same names
PRODUCT_FACETS = ("brand", "is_5g")  # one value per phone
VARIANT_FACETS = ("ram", "storage", "color")  # one value per variant; counted in phones all the same
FACETS = ("brand", "ram", "storage", "color", "is_5g")
# Disjunctive facets, as the listing's (catalog.selectors.listing_facets): each counts over the result
# with every filter but its own, so the panel keeps offering the other brands or sizes.
OWN_FILTER: dict[str, dict[str, Any]] = {
    "brand": {"brands": ()},
    "ram": {"ram": ()},
    "storage": {"storage": ()},
    "color": {"colors": ()},
    "is_5g": {"is_5g": None},
    "price": {"price_min": None, "price_max": None},
}
MAX_FACET_VALUES = 1000  # values per facet (Meilisearch's maxValuesPerFacet; its default, 100, is too few
# for colour names: the demo catalog has about 350 and the listing shows them all)

# Phone-shop vocabulary: each word also finds the others (both engines use this one table).
SYNONYMS: dict[str, list[str]] = {
    "iphone": ["apple"],
    "apple": ["iphone"],
    "phone": ["mobile", "smartphone"],
    "mobile": ["phone", "smartphone"],
    "smartphone": ["phone", "mobile"],
    "cellphone": ["phone", "mobile"],
    "gb": ["gigabyte"],
    "gigabyte": ["gb"],
    "5g": ["5 g"],
    "5 g": ["5g"],
    "4g": ["4 g", "lte"],
    "lte": ["4g"],
}

_UNIT_WORDS = {
    "gigabyte": "gb",
    "gigabytes": "gb",
    "terabyte": "tb",
    "terabytes": "tb",
    "megapixel": "mp",
    "megapixels": "mp",
}
_UNIT_WORD_RE = re.compile(r"\b(" + "|".join(_UNIT_WORDS) + r")\b", re.IGNORECASE)
_NUMBER_UNIT_RE = re.compile(r"\b(\d+)\s+(gb|tb|mp|mah|g|hz|w)\b", re.IGNORECASE)
_SPACES_RE = re.compile(r"\s+")


def normalize_query(raw: str) -> str:
    """One spelling for sizes and units, so that "8 gb", "8GB" and "8 gigabytes" are the same words in
    every engine: "8 gb" -> "8gb", "5 g" -> "5g". Keeps a trailing space (it ends prefix matching)."""
    text = _SPACES_RE.sub(" ", raw)
    text = _UNIT_WORD_RE.sub(lambda m: _UNIT_WORDS[m.group(1).lower()], text)
    text = _NUMBER_UNIT_RE.sub(r"\1\2", text)
    return text.lstrip()


def typo_budget(word: str) -> int:
    """Meilisearch's default: one typo from 5 characters, two from 9."""
    if len(word) >= 9:
        return 2
    if len(word) >= 5:
        return 1
    return 0


@dataclass(frozen=True)
class SearchFilters:
    """The listing's filters (catalog.filters.ProductFilter), validated there and carried here.
    Variant-level conditions (ram, storage, colour, price, availability) hold for one and the same
    variant: each index document is one variant, so they apply to the same document."""

    brands: tuple[str, ...] = ()
    category_path: str | None = None  # slug path, "mobiles/android": the category and everything below
    is_5g: bool | None = None
    rating_min: Decimal | None = None
    ram: tuple[int, ...] = ()
    storage: tuple[int, ...] = ()
    colors: tuple[str, ...] = ()  # lower-cased; matched without regard to case
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    available: bool = False  # true: only variants in stock

    def without(self, facet: str) -> "SearchFilters":
        """These filters but the facet's own ("price": the price range)."""
        return replace(self, **OWN_FILTER[facet])

    def has(self, facet: str) -> bool:
        return self.without(facet) != self

    @classmethod
    def from_filterset(cls, filterset: "ProductFilter") -> "SearchFilters":
        data = filterset.form.cleaned_data
        category = data.get("category")
        return cls(
            brands=tuple(data.get("brand") or ()),
            category_path=category.path if category else None,
            is_5g=data.get("is_5g"),
            rating_min=data.get("rating_min"),
            ram=tuple(int(v) for v in data.get("ram") or ()),
            storage=tuple(int(v) for v in data.get("storage") or ()),
            colors=tuple(c.lower() for c in data.get("color") or ()),
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            available=bool(data.get("available")),
        )


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = RELEVANCE  # RELEVANCE or one of LISTING_SORTS
    page: int = 1
    page_size: int = 24

    @property
    def words(self) -> str:
        return normalize_query(self.query)


@dataclass(frozen=True)
class Hit:
    """One phone in the answer, and the variant that represents it (the best match, or the cheapest
    when the order is not about variants)."""

    product_id: int
    variant_id: int | None  # None: the listing's own pick (the database search has no notion of "matched")
    dearest: bool = False  # with no variant_id: the phone's dearest matching variant instead ("-price")


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int  # phones, not variants
    facets: dict  # {"brand": {"samsung": 2}, "ram": {"8": 3}, ...}: phones per value
    price: dict  # {"min": "12000.00", "max": ...}: over the matching variants
    backend: str = ""
    degraded: bool = False  # not the configured engine's answer: a fallback's (see services.search)


@dataclass(frozen=True)
class Suggestion:
    type: str  # "product" | "brand"
    title: str
    slug: str


def empty_facets() -> dict:
    return {name: {} for name in ("brand", "ram", "storage", "color", "is_5g")}


def sort_facets(facets: dict) -> dict:
    """Stable key order for the filter panel: numbers numerically, words alphabetically."""
    out = {}
    for name in ("brand", "ram", "storage", "color", "is_5g"):
        values = {str(k): int(v) for k, v in (facets.get(name) or {}).items() if int(v) > 0}
        if name in ("ram", "storage"):
            keys = sorted(values, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k))
        elif name == "is_5g":
            keys = sorted(values, key=lambda k: k != "false")
        else:
            keys = sorted(values, key=lambda k: (k.lower(), k))
        out[name] = {k: values[k] for k in keys}
    return out


def money(value: float | Decimal | None) -> str | None:
    """A price from an engine (float or int paise already divided) as the API's "12000.00"."""
    if value is None:
        return None
    return f"{Decimal(str(value)).quantize(Decimal('0.01')):.2f}"
