"""Demo catalog data: brands, the category tree and real-sounding phones sold in India.

Prices are current selling prices in INR (GST included) of each model's first memory option; other
options, MRPs, stock, colours shown, specs text and reviews are derived from these rows by
`catalog.demo.build`, deterministically.
"""
from dataclasses import dataclass

# name, slug, SKU code, description, camera layout drawn on its product images
BRANDS = [
    ("Samsung", "samsung", "SAM", "Galaxy phones from the world's largest smartphone maker, from the budget M and F series to the S flagships and Z foldables.", "vertical"),
    ("Apple", "apple", "APL", "iPhone, with iOS, the A-series chips and long software support.", "square"),
    ("OnePlus", "oneplus", "ONP", "Fast, clean OxygenOS phones, from the Nord range to the flagship numbered series.", "circle"),
    ("Xiaomi", "xiaomi", "XMI", "Xiaomi's numbered flagships and Civi series, with Leica-tuned cameras.", "square"),
    ("Redmi", "redmi", "RDM", "Xiaomi's value brand: the Redmi Note and Redmi number series.", "square"),
    ("Realme", "realme", "RLM", "Design-led phones for young buyers: the number, GT, P, Narzo and C series.", "circle"),
    ("Vivo", "vivo", "VIV", "Camera-focused V and X series, plus the value T and Y series.", "circle"),
    ("Oppo", "oppo", "OPO", "Reno, Find, F, K and A series phones with ColorOS.", "circle"),
    ("Motorola", "motorola", "MOT", "Near-stock Android: the Edge, g and Razr series.", "vertical"),
    ("Nothing", "nothing", "NTH", "London-made phones with the transparent Glyph design, and the CMF sub-brand.", "visor"),
    ("Google", "google", "GGL", "Pixel phones with Google Tensor chips and the first Android updates.", "visor"),
    ("iQOO", "iqoo", "IQO", "Vivo's performance brand for gamers: the numbered, Neo and Z series.", "square"),
    ("Poco", "poco", "POC", "Xiaomi's online-first performance brand: the F, X, M and C series.", "square"),
    ("Nokia", "nokia", "NOK", "Sturdy, simple Nokia phones from HMD with clean Android.", "circle"),
    ("Infinix", "infinix", "INF", "Feature-packed budget phones: the Hot, Note, GT and Zero series.", "square"),
    ("Tecno", "tecno", "TEC", "Spark, Pova, Camon and Phantom series, budget phones to foldables.", "circle"),
]

# slug, name, parent slug, position, description
CATEGORIES = [
    ("mobiles", "Mobiles", None, 0, "Smartphones and feature phones."),
    ("smartphones", "Smartphones", "mobiles", 0, "Touchscreen phones with apps, 4G and 5G."),
    ("android", "Android", "smartphones", 0, "Phones running Google's Android."),
    ("ios", "iOS", "smartphones", 1, "Apple iPhones running iOS."),
    ("foldables", "Foldables", "smartphones", 2, "Android phones that fold: book-style folds and flips."),
    ("feature-phones", "Feature Phones", "mobiles", 1, "Keypad phones with long battery life."),
]
GST_RATE = "18.00"

SEGMENTS = {  # INR price band of a model's base option
    "budget": (6_999, 14_999),
    "mid": (15_000, 34_999),
    "premium": (35_000, 79_999),
    "flagship": (80_000, 1_79_999),
}


@dataclass(frozen=True)
class Phone:
    brand: str  # brand slug
    model: str  # name without the brand, e.g. "Galaxy S24 Ultra"
    segment: str
    launch: str  # ISO date
    chip: str
    battery: int  # mAh
    mp: int  # main camera megapixels
    size: str  # display diagonal, inches
    price: int  # INR, base memory option
    memory: tuple  # ((ram_gb, storage_gb), ...) cheapest first
    colours: tuple  # ((name, "#rrggbb"), ...) in the order they are offered
    weight: int  # grams
    g5: bool = True
    kind: str = "bar"  # bar | fold | flip
    panel: str = ""
    hz: int = 0
    res: str = ""
    cam: str = ""
    os: str = ""


def _memory(text):
    return tuple(tuple(int(part) for part in option.split("/")) for option in text.split())


def _colours(text):
    out = []
    for item in text.split(","):
        name, hex_ = item.strip().rsplit(" ", 1)
        out.append((name, hex_.upper()))
    return tuple(out)


def P(brand, model, segment, launch, chip, battery, mp, size, price, memory, colours, weight, **kw):
    return Phone(brand, model, segment, launch, chip, battery, mp, size, price, _memory(memory), _colours(colours), weight, **kw)


PHONES = [
    # --- Samsung
    P("samsung", "Galaxy S26 Ultra", "flagship", "2026-02-25", "Snapdragon 8 Elite Gen 5 for Galaxy", 5000, 200, "6.9", 1_34_999, "12/256 12/512", "Titanium Black #2A2B2E, Titanium Silver #C9CBCD, Cobalt Violet #5B4F86", 214, res="QHD+",
      cam="200 MP main (OIS) + 50 MP 5x periscope + 10 MP 3x telephoto + 50 MP ultra-wide | 12 MP front"),
    P("samsung", "Galaxy S26", "flagship", "2026-02-25", "Exynos 2600", 4300, 50, "6.3", 84_999, "12/256 12/512", "Icy Blue #BCD3E6, Navy #2C3550, Mint #BFE3D0, Silver Shadow #B8BABD", 167),
    P("samsung", "Galaxy S25 Ultra", "flagship", "2025-02-07", "Snapdragon 8 Elite for Galaxy", 5000, 200, "6.9", 1_19_999, "12/256 12/512", "Titanium Silverblue #9FB3C8, Titanium Black #2B2C2F, Titanium Gray #8C8D8F", 218, res="QHD+",
      cam="200 MP main (OIS) + 50 MP 5x periscope + 10 MP 3x telephoto + 50 MP ultra-wide | 12 MP front"),
    P("samsung", "Galaxy S25 Edge", "flagship", "2025-05-30", "Snapdragon 8 Elite for Galaxy", 3900, 200, "6.7", 1_02_999, "12/256 12/512", "Titanium Silver #C4C6C8, Titanium Jetblack #1F2023, Titanium Icyblue #A9C4DA", 163, res="QHD+"),
    P("samsung", "Galaxy S25", "premium", "2025-02-07", "Snapdragon 8 Elite for Galaxy", 4000, 50, "6.2", 74_999, "12/128 12/256", "Icy Blue #BCD3E6, Navy #2C3550, Mint #BFE3D0", 162),
    P("samsung", "Galaxy S24 Ultra", "flagship", "2024-01-31", "Snapdragon 8 Gen 3 for Galaxy", 5000, 200, "6.8", 1_09_999, "12/256 12/512", "Titanium Black #2C2C2E, Titanium Gray #8E8D8A, Titanium Violet #5E5470", 232, res="QHD+",
      cam="200 MP main (OIS) + 50 MP 5x periscope + 10 MP 3x telephoto + 12 MP ultra-wide | 12 MP front"),
    P("samsung", "Galaxy S24", "premium", "2024-01-31", "Exynos 2400", 4000, 50, "6.2", 59_999, "8/256 8/512", "Onyx Black #23242A, Marble Grey #C5C3C0, Cobalt Violet #5B4F86", 167),
    P("samsung", "Galaxy S24 FE", "premium", "2024-10-03", "Exynos 2400e", 4700, 50, "6.7", 42_999, "8/128 8/256", "Blue #6F8FB8, Graphite #3A3B3F, Mint #BFE3D0", 213),
    P("samsung", "Galaxy S23 FE", "mid", "2023-10-04", "Exynos 2200", 4500, 50, "6.4", 29_999, "8/128 8/256", "Mint #C4E3CF, Cream #EDE4D3, Graphite #3B3C40, Purple #B7A7D9", 209),
    P("samsung", "Galaxy S23", "premium", "2023-02-01", "Snapdragon 8 Gen 2 for Galaxy", 3900, 50, "6.1", 52_999, "8/128 8/256", "Phantom Black #1E1F22, Cream #EDE4D3, Green #4E6E5D", 168),
    P("samsung", "Galaxy Z Fold7", "flagship", "2025-07-25", "Snapdragon 8 Elite for Galaxy", 4400, 200, "8.0", 1_64_999, "12/256 12/512", "Blue Shadow #2F3E57, Silver Shadow #B8BABD, Jetblack #1C1D20", 215, kind="fold",
      cam="200 MP main (OIS) + 12 MP ultra-wide + 10 MP 3x telephoto | 10 MP cover + 10 MP inner"),
    P("samsung", "Galaxy Z Flip7", "flagship", "2025-07-25", "Exynos 2500", 4300, 50, "6.9", 99_999, "12/256 12/512", "Blue Shadow #2F3E57, Jetblack #1C1D20, Coralred #E0604F", 188, kind="flip",
      cam="50 MP main (OIS) + 12 MP ultra-wide | 10 MP front"),
    P("samsung", "Galaxy Z Fold6", "flagship", "2024-07-24", "Snapdragon 8 Gen 3 for Galaxy", 4400, 50, "7.6", 1_44_999, "12/256 12/512", "Silver Shadow #B8BABD, Pink #E9C6CF, Navy #2C3550", 239, kind="fold",
      cam="50 MP main (OIS) + 12 MP ultra-wide + 10 MP 3x telephoto | 10 MP cover + 4 MP under-display"),
    P("samsung", "Galaxy Z Flip6", "flagship", "2024-07-24", "Snapdragon 8 Gen 3 for Galaxy", 4000, 50, "6.7", 89_999, "12/256 12/512", "Silver Shadow #B8BABD, Yellow #F1E08A, Blue #8FB3DA, Mint #BFE3D0", 187, kind="flip",
      cam="50 MP main (OIS) + 12 MP ultra-wide | 10 MP front"),
    P("samsung", "Galaxy Z Flip5", "premium", "2023-08-11", "Snapdragon 8 Gen 2 for Galaxy", 3700, 12, "6.7", 64_999, "8/256 8/512", "Mint #C4E3CF, Graphite #3B3C40, Cream #EDE4D3, Lavender #C9B8E0", 187, kind="flip",
      cam="12 MP main (OIS) + 12 MP ultra-wide | 10 MP front"),
    P("samsung", "Galaxy A56 5G", "premium", "2025-03-02", "Exynos 1580", 5000, 50, "6.7", 41_999, "8/128 8/256 12/256", "Awesome Graphite #3A3B3F, Awesome Olive #7D8466, Awesome Lightgray #D2D3D5", 198),
    P("samsung", "Galaxy A55 5G", "mid", "2024-03-11", "Exynos 1480", 5000, 50, "6.6", 33_999, "8/128 8/256 12/256", "Awesome Iceblue #B9D3E9, Awesome Lilac #CDBFE6, Awesome Navy #283249", 213),
    P("samsung", "Galaxy A36 5G", "mid", "2025-03-04", "Snapdragon 6 Gen 3", 5000, 50, "6.7", 30_999, "8/128 8/256 12/256", "Awesome Black #202124, Awesome Lavender #CBBFE3, Awesome White #EEEEEC", 195),
    P("samsung", "Galaxy A35 5G", "mid", "2024-03-11", "Exynos 1380", 5000, 50, "6.6", 27_999, "8/128 8/256", "Awesome Iceblue #B9D3E9, Awesome Lilac #CDBFE6, Awesome Navy #283249", 209),
    P("samsung", "Galaxy A26 5G", "mid", "2025-03-20", "Exynos 1380", 5000, 50, "6.7", 22_999, "8/128 8/256", "Black #202124, Mint #BFE3D0, White #EEEEEC", 200),
    P("samsung", "Galaxy A16 5G", "mid", "2024-10-18", "Dimensity 6300", 5000, 50, "6.7", 17_999, "8/128 8/256", "Blue Black #263041, Gold #D9C39A, Light Green #BFD9B8", 200),
    P("samsung", "Galaxy A15 5G", "budget", "2023-12-26", "Dimensity 6100+", 5000, 50, "6.5", 14_499, "6/128 8/128 8/256", "Blue Black #263041, Light Blue #A9C6E2", 200),
    P("samsung", "Galaxy A06", "budget", "2024-08-22", "Helio G85", 5000, 50, "6.7", 9_999, "4/64 4/128 6/128", "Black #202124, Gold #D9C39A, Light Blue #A9C6E2", 189, g5=False, panel="PLS LCD", hz=60),
    P("samsung", "Galaxy M55 5G", "mid", "2024-04-08", "Snapdragon 7 Gen 1", 5000, 50, "6.7", 24_999, "8/128 8/256 12/256", "Denim Black #2A2F3A, Light Green #BFD9B8", 180),
    P("samsung", "Galaxy M35 5G", "mid", "2024-07-17", "Exynos 1380", 6000, 50, "6.6", 16_999, "6/128 8/128 8/256", "Moonlight Blue #2F4A78, Daybreak Blue #A6C3E3, Thunder Grey #55585E", 222),
    P("samsung", "Galaxy M15 5G", "budget", "2024-04-08", "Dimensity 6100+", 6000, 50, "6.5", 11_999, "4/128 6/128", "Blue Topaz #3D6FA8, Celestial Blue #9CC0E6, Stone Grey #7D8085", 217),
    P("samsung", "Galaxy M05", "budget", "2024-09-27", "Helio G85", 5000, 50, "6.7", 7_499, "4/64", "Mint Green #BFE3D0, Slate Black #2B2D31", 195, g5=False, panel="PLS LCD", hz=60),
    P("samsung", "Galaxy F55 5G", "mid", "2024-05-27", "Snapdragon 7 Gen 1", 5000, 50, "6.7", 24_999, "8/128 8/256 12/256", "Apricot Crush #F2B38A, Raisin Black #2A2426", 180),
    P("samsung", "Galaxy F15 5G", "budget", "2024-03-04", "Dimensity 6100+", 6000, 50, "6.5", 11_999, "4/128 6/128 8/128", "Ash Black #2E2F33, Groovy Violet #8E79C2", 217),
    # --- Apple (RAM as Apple ships it: 6 GB up to the iPhone 15, 8 GB since)
    P("apple", "iPhone 17 Pro Max", "flagship", "2025-09-19", "A19 Pro", 5088, 48, "6.9", 1_49_999, "8/256 8/512", "Cosmic Orange #E3783A, Deep Blue #2E3B55, Silver #E3E4E5", 231,
      panel="Super Retina XDR OLED, ProMotion", hz=120, res="", cam="48 MP Fusion (OIS) + 48 MP ultra-wide + 48 MP 4x telephoto | 18 MP Center Stage front"),
    P("apple", "iPhone 17 Pro", "flagship", "2025-09-19", "A19 Pro", 4252, 48, "6.3", 1_34_999, "8/256 8/512 8/1024", "Cosmic Orange #E3783A, Deep Blue #2E3B55", 204,
      panel="Super Retina XDR OLED, ProMotion", hz=120, res="", cam="48 MP Fusion (OIS) + 48 MP ultra-wide + 48 MP 4x telephoto | 18 MP Center Stage front"),
    P("apple", "iPhone Air", "flagship", "2025-09-19", "A19 Pro", 3149, 48, "6.5", 1_19_999, "8/256 8/512", "Sky Blue #C9DDEB, Light Gold #EADBC1, Cloud White #F2F1EE, Space Black #26272A", 165,
      panel="Super Retina XDR OLED, ProMotion", hz=120, res="", cam="48 MP Fusion (OIS) | 18 MP Center Stage front"),
    P("apple", "iPhone 17", "flagship", "2025-09-19", "A19", 3692, 48, "6.3", 82_999, "8/256 8/512", "Lavender #D3C6E6, Mist Blue #A9BFD6, Sage #B7C4A6, White #F2F2F0, Black #232427", 177,
      panel="Super Retina XDR OLED, ProMotion", hz=120, res="", cam="48 MP Fusion (OIS) + 48 MP ultra-wide | 18 MP Center Stage front"),
    P("apple", "iPhone 16e", "premium", "2025-02-28", "A18", 4005, 48, "6.1", 57_999, "8/128 8/256 8/512", "White #F2F2F0, Black #232427", 167,
      panel="Super Retina XDR OLED", hz=60, res="", cam="48 MP Fusion (OIS) | 12 MP front"),
    P("apple", "iPhone 16 Pro Max", "flagship", "2024-09-20", "A18 Pro", 4685, 48, "6.9", 1_34_999, "8/256 8/512", "Desert Titanium #C7A98A, Natural Titanium #BDB7AE, Black Titanium #36363A", 227,
      panel="Super Retina XDR OLED, ProMotion", hz=120, res="", cam="48 MP Fusion (OIS) + 48 MP ultra-wide + 12 MP 5x telephoto | 12 MP front"),
    P("apple", "iPhone 16 Pro", "flagship", "2024-09-20", "A18 Pro", 3582, 48, "6.3", 1_09_999, "8/128 8/256 8/512", "Desert Titanium #C7A98A, White Titanium #E6E4DF", 199,
      panel="Super Retina XDR OLED, ProMotion", hz=120, res="", cam="48 MP Fusion (OIS) + 48 MP ultra-wide + 12 MP 5x telephoto | 12 MP front"),
    P("apple", "iPhone 16 Plus", "premium", "2024-09-20", "A18", 4674, 48, "6.7", 74_999, "8/128 8/256", "Ultramarine #6F7FE0, Teal #8CC2BE, Pink #F0C2D3", 199,
      panel="Super Retina XDR OLED", hz=60, res="", cam="48 MP Fusion (OIS) + 12 MP ultra-wide | 12 MP front"),
    P("apple", "iPhone 16", "premium", "2024-09-20", "A18", 3561, 48, "6.1", 66_999, "8/128 8/256 8/512", "Ultramarine #6F7FE0, Teal #8CC2BE", 170,
      panel="Super Retina XDR OLED", hz=60, res="", cam="48 MP Fusion (OIS) + 12 MP ultra-wide | 12 MP front"),
    P("apple", "iPhone 15 Plus", "premium", "2023-09-22", "A16 Bionic", 4383, 48, "6.7", 64_999, "6/128 6/256", "Green #CAD7C3, Yellow #F0E5B8, Black #36383B", 201,
      panel="Super Retina XDR OLED", hz=60, res="", cam="48 MP main (OIS) + 12 MP ultra-wide | 12 MP front"),
    P("apple", "iPhone 15", "premium", "2023-09-22", "A16 Bionic", 3349, 48, "6.1", 57_999, "6/128 6/256 6/512", "Blue #CAD6E0, Pink #EBD1D5", 171,
      panel="Super Retina XDR OLED", hz=60, res="", cam="48 MP main (OIS) + 12 MP ultra-wide | 12 MP front"),
    P("apple", "iPhone 14 Plus", "premium", "2022-10-07", "A15 Bionic", 4325, 12, "6.7", 56_999, "6/128 6/256", "Blue #A7BDD3, Purple #D6CCE3, Midnight #222831", 203,
      panel="Super Retina XDR OLED", hz=60, res="", cam="12 MP main (OIS) + 12 MP ultra-wide | 12 MP front"),
    P("apple", "iPhone 14", "premium", "2022-09-16", "A15 Bionic", 3279, 12, "6.1", 49_999, "6/128 6/256", "Midnight #222831, Starlight #F1ECE4, Red #C8102E", 172,
      panel="Super Retina XDR OLED", hz=60, res="", cam="12 MP main (OIS) + 12 MP ultra-wide | 12 MP front"),
    # --- OnePlus
    P("oneplus", "15", "premium", "2025-11-13", "Snapdragon 8 Elite Gen 5", 7300, 50, "6.78", 72_999, "12/256 16/512", "Infinite Black #1C1C1E, Sand Storm #CDBBA0, Ultra Violet #6E5A9E", 211, hz=165),
    P("oneplus", "13", "premium", "2025-01-07", "Snapdragon 8 Elite", 6000, 50, "6.82", 69_999, "12/256 16/512", "Black Eclipse #1F2024, Midnight Ocean #24344F, Arctic Dawn #E8E4DD", 213, res="QHD+"),
    P("oneplus", "13s", "premium", "2025-06-05", "Snapdragon 8 Elite", 5850, 50, "6.32", 54_999, "12/256 12/512", "Black Velvet #202024, Pink Satin #E8C9C9, Green Silk #A9C3A8", 185),
    P("oneplus", "13R", "premium", "2025-01-07", "Snapdragon 8 Gen 3", 6000, 50, "6.78", 42_999, "12/256 16/512", "Nebula Noir #23242B, Astral Trail #D9DADC", 206),
    P("oneplus", "12", "premium", "2024-01-23", "Snapdragon 8 Gen 3", 5400, 50, "6.82", 59_999, "12/256 16/512", "Flowy Emerald #2F6B57, Silky Black #202124", 220, res="QHD+"),
    P("oneplus", "12R", "premium", "2024-01-23", "Snapdragon 8 Gen 2", 5500, 50, "6.78", 37_999, "8/128 16/256", "Cool Blue #8AB0D8, Iron Gray #4A4C51", 207),
    P("oneplus", "Open", "flagship", "2023-10-19", "Snapdragon 8 Gen 2", 4805, 48, "7.82", 1_29_999, "16/512", "Emerald Dusk #3D5B4F, Voyager Black #1E1F22", 239, kind="fold",
      cam="48 MP main (OIS) + 64 MP 3x telephoto + 48 MP ultra-wide | 32 MP cover + 20 MP inner"),
    P("oneplus", "Nord 5", "mid", "2025-07-08", "Snapdragon 8s Gen 3", 6800, 50, "6.83", 31_999, "8/256 12/256 12/512", "Marble Sands #E2DCD2, Phantom Grey #4C4E53", 211, hz=144),
    P("oneplus", "Nord CE5", "mid", "2025-07-08", "Dimensity 8350 Apex", 7100, 50, "6.77", 24_999, "8/128 8/256 12/256", "Black Infinity #1F2024, Marble Mist #D8D6D2", 199),
    P("oneplus", "Nord 4", "mid", "2024-07-16", "Snapdragon 7+ Gen 3", 5500, 50, "6.74", 29_999, "8/128 8/256 12/256", "Mercurial Silver #C9CCCF, Oasis Green #7FA793", 199),
    P("oneplus", "Nord CE4", "mid", "2024-04-01", "Snapdragon 7 Gen 3", 5500, 50, "6.7", 22_999, "8/128 8/256", "Celadon Marble #A8C9B8, Dark Chrome #3A3C41", 186),
    P("oneplus", "Nord CE4 Lite 5G", "mid", "2024-06-24", "Snapdragon 695", 5500, 50, "6.67", 17_999, "8/128 8/256", "Mega Blue #2E58A6, Super Silver #C8CACD, Ultra Orange #F08A3C", 191),
    # --- Xiaomi
    P("xiaomi", "15 Ultra", "flagship", "2025-03-11", "Snapdragon 8 Elite", 5410, 50, "6.73", 1_09_999, "16/512", "Black #1E1F22, Silver Chrome #BFC2C6", 229, res="QHD+",
      cam="50 MP 1-inch main (OIS) + 200 MP 4.3x periscope + 50 MP 3x telephoto + 50 MP ultra-wide | 32 MP front"),
    P("xiaomi", "15", "premium", "2025-03-11", "Snapdragon 8 Elite", 5240, 50, "6.36", 64_999, "12/512", "Black #1E1F22, Green #5F7D6A, White #EFEFEC", 191),
    P("xiaomi", "14 Ultra", "flagship", "2024-03-11", "Snapdragon 8 Gen 3", 5000, 50, "6.73", 94_999, "16/512", "Black #1E1F22, White #EFEFEC", 220, res="QHD+",
      cam="50 MP 1-inch main (OIS) + 50 MP 5x periscope + 50 MP 3.2x telephoto + 50 MP ultra-wide | 32 MP front"),
    P("xiaomi", "14", "premium", "2024-03-07", "Snapdragon 8 Gen 3", 4610, 50, "6.36", 54_999, "12/512", "Jade Green #6F8F7A, Matte Black #232427, White #EFEFEC", 193),
    P("xiaomi", "14 CIVI", "premium", "2024-06-12", "Snapdragon 8s Gen 3", 4700, 50, "6.55", 39_999, "8/256 12/512", "Cruise Blue #7FA4C9, Matcha Green #B5C9A0, Shadow Black #242529", 177),
    P("xiaomi", "13 Pro", "premium", "2023-02-26", "Snapdragon 8 Gen 2", 4820, 50, "6.73", 64_999, "12/256", "Ceramic Black #1D1E20, Ceramic White #F0EFEB", 229, res="QHD+"),
    P("xiaomi", "12 Pro", "premium", "2022-04-27", "Snapdragon 8 Gen 1", 4600, 50, "6.73", 44_999, "8/256 12/256", "Couture Blue #5C7FB8, Noir Black #1F2023, Opera Mauve #B49AC0", 205, res="QHD+"),
    # --- Redmi
    P("redmi", "Note 15 Pro+ 5G", "mid", "2026-01-06", "Dimensity 7400-Ultra", 7000, 200, "6.83", 34_999, "8/256 12/256 12/512", "Titan Black #26272B, Mirage Blue #7DA2C9, Sunset Bronze #C48A5C", 209),
    P("redmi", "Note 14 Pro+ 5G", "mid", "2024-12-09", "Snapdragon 7s Gen 3", 6200, 50, "6.67", 29_999, "8/128 8/256 12/512", "Titan Black #26272B, Spectre Blue #4E6FA8, Phantom Purple #8A74B5", 205),
    P("redmi", "Note 14 Pro 5G", "mid", "2024-12-09", "Dimensity 7300-Ultra", 5500, 50, "6.67", 23_999, "8/128 8/256", "Titan Black #26272B, Phantom Purple #8A74B5, Ivy Green #5E8C6A", 190),
    P("redmi", "Note 14 5G", "mid", "2024-12-09", "Dimensity 7025-Ultra", 5110, 50, "6.67", 17_999, "6/128 8/128 8/256", "Titan Black #26272B, Mystique White #EDEDEA", 190),
    P("redmi", "Note 13 Pro+ 5G", "mid", "2024-01-04", "Dimensity 7200-Ultra", 5000, 200, "6.67", 27_999, "8/256 12/256 12/512", "Fusion Black #1E1F22, Fusion White #EEEDEA", 204),
    P("redmi", "Note 13 Pro 5G", "mid", "2024-01-04", "Snapdragon 7s Gen 2", 5100, 200, "6.67", 22_999, "8/128 8/256 12/256", "Midnight Black #1C1D21, Coral Purple #A58CC4", 187),
    P("redmi", "Note 13 5G", "mid", "2024-01-04", "Dimensity 6080", 5000, 108, "6.67", 16_999, "6/128 8/256 12/256", "Arctic White #EEF0F2, Prism Gold #D8C49A", 174),
    P("redmi", "15 5G", "budget", "2025-08-19", "Snapdragon 6s Gen 3", 7000, 50, "6.9", 14_999, "6/128 8/128 8/256", "Midnight Black #1C1D21, Frosted White #ECEDEE, Sandy Purple #B3A0BF", 217, panel="LCD", hz=144, res="FHD+"),
    P("redmi", "14C 5G", "budget", "2025-01-06", "Snapdragon 4 Gen 2", 5160, 50, "6.88", 9_999, "4/64 4/128 6/128", "Stardust Purple #9A86C2, Starlight Blue #7FA6D6", 212),
    P("redmi", "13 5G", "budget", "2024-07-09", "Snapdragon 4 Gen 2 AE", 5030, 108, "6.79", 13_499, "6/128 8/128", "Hawaiian Blue #3E86C6, Black Diamond #1F2125, Orchid Pink #E0AFC8", 205, res="FHD+"),
    P("redmi", "13C 5G", "budget", "2023-12-06", "Dimensity 6100+", 5000, 50, "6.74", 9_499, "4/128 6/128 8/256", "Starlight Black #202226, Startrail Green #7FA58C", 192),
    P("redmi", "A4 5G", "budget", "2024-11-20", "Snapdragon 4s Gen 2", 5160, 50, "6.88", 8_499, "4/64 4/128", "Starry Black #1F2125, Sparkle Purple #A08BC8", 212),
    P("redmi", "12 5G", "budget", "2023-08-01", "Snapdragon 4 Gen 2", 5000, 50, "6.79", 10_999, "4/128 6/128 8/256", "Jade Black #1F2A27, Moonstone Silver #C6C9CC", 199, res="FHD+"),
    # --- Realme
    P("realme", "GT 7 Pro", "premium", "2024-11-26", "Snapdragon 8 Elite", 5800, 50, "6.78", 56_999, "12/256 16/512", "Galaxy Grey #5A5D63, Mars Orange #E2703A", 223, res="QHD+"),
    P("realme", "GT 7", "premium", "2025-05-27", "Dimensity 9400e", 7000, 50, "6.78", 39_999, "8/256 12/256 12/512", "IceSense Black #1E2024, IceSense Blue #6E9BC9", 206),
    P("realme", "GT 6", "premium", "2024-06-20", "Snapdragon 8s Gen 3", 5500, 50, "6.78", 38_999, "8/256 12/256 16/512", "Fluid Silver #C8CBCE, Razor Green #3F6B5A", 199),
    P("realme", "15 Pro 5G", "mid", "2025-07-24", "Snapdragon 7 Gen 4", 7000, 50, "6.8", 31_999, "8/128 8/256 12/256", "Flowing Silver #C9CCD0, Silk Purple #9E87C2", 187),
    P("realme", "14 Pro+ 5G", "mid", "2025-01-16", "Snapdragon 7s Gen 3", 6000, 50, "6.83", 29_999, "8/128 8/256 12/256", "Pearl White #EEEDEA, Suede Grey #6E6F73", 194),
    P("realme", "13 Pro+ 5G", "mid", "2024-07-30", "Snapdragon 7s Gen 2", 5200, 50, "6.7", 29_999, "8/256 12/256 12/512", "Emerald Green #2F6B57, Monet Gold #D7C08A", 185),
    P("realme", "12 Pro+ 5G", "mid", "2024-01-29", "Snapdragon 7s Gen 2", 5000, 64, "6.7", 25_999, "8/128 8/256 12/256", "Submarine Blue #2D4467, Navigator Beige #D8C8AE", 196),
    P("realme", "12x 5G", "budget", "2024-04-02", "Dimensity 6100+", 5000, 50, "6.72", 11_999, "4/128 6/128 8/128", "Twilight Purple #8A78B8, Woodland Green #5E7F67", 188),
    P("realme", "P3 Pro 5G", "mid", "2025-02-18", "Snapdragon 7s Gen 3", 6000, 50, "6.83", 23_999, "8/128 8/256 12/256", "Nebula Glow #B7C7E0, Galaxy Purple #6E5BA0", 194),
    P("realme", "P2 Pro 5G", "mid", "2024-09-13", "Snapdragon 7s Gen 2", 5200, 50, "6.7", 21_999, "8/128 12/256 12/512", "Eagle Grey #55585E, Parrot Green #4F8A5B", 189),
    P("realme", "Narzo 70 Pro 5G", "mid", "2024-03-19", "Dimensity 7050", 5000, 50, "6.67", 18_999, "8/128 8/256", "Glass Gold #D9C38F, Glass Green #7DAE97", 195),
    P("realme", "C75 5G", "budget", "2024-12-18", "Dimensity 6300", 6000, 32, "6.67", 12_999, "4/64 4/128 6/128", "Midnight Lily #262A3A, Purple Blossom #A58CC7", 196),
    P("realme", "C61", "budget", "2024-06-28", "Unisoc T612", 5000, 32, "6.74", 7_999, "4/64 4/128", "Dark Green #2E4A3C, Marble Black #2A2B2E", 187, g5=False),
    P("realme", "11 Pro+ 5G", "mid", "2023-06-08", "Dimensity 7050", 5000, 200, "6.7", 24_999, "8/256 12/256", "Sunrise Beige #E2C9A4, Oasis Green #6E9C7E, Astral Black #1F2024", 183),
    # --- Vivo
    P("vivo", "X200 Pro", "flagship", "2024-12-12", "Dimensity 9400", 6000, 50, "6.78", 94_999, "16/512", "Cosmos Black #1D1E22, Titanium Grey #8A8B8D", 228,
      cam="50 MP main (OIS) + 200 MP 3.7x ZEISS telephoto + 50 MP ultra-wide | 32 MP front"),
    P("vivo", "X200", "premium", "2024-12-12", "Dimensity 9400", 5800, 50, "6.67", 65_999, "12/256 16/512", "Cosmos Black #1D1E22, Natural Green #7F9C86", 202),
    P("vivo", "X Fold3 Pro", "flagship", "2024-06-06", "Snapdragon 8 Gen 3", 5700, 50, "8.03", 1_59_999, "16/512", "Celestial Black #1A1B1F, Lunar White #ECEBE7", 236, kind="fold",
      cam="50 MP main (OIS) + 64 MP 3x telephoto + 50 MP ultra-wide | 32 MP cover + 32 MP inner"),
    P("vivo", "X100 Pro", "flagship", "2024-01-04", "Dimensity 9300", 5400, 50, "6.78", 84_999, "16/512", "Asteroid Black #1E1F23, Startrail Blue #4A6FA5", 225),
    P("vivo", "V50 5G", "mid", "2025-02-17", "Snapdragon 7 Gen 3", 6000, 50, "6.77", 34_999, "8/128 8/256 12/512", "Rose Red #C95A6A, Titanium Grey #7E8084, Starry Night #2B3350", 189),
    P("vivo", "V40 Pro", "premium", "2024-08-07", "Dimensity 9200+", 5500, 50, "6.78", 49_999, "8/256 12/512", "Ganges Blue #3F6E9E, Titanium Grey #7E8084", 192),
    P("vivo", "V30", "mid", "2024-03-07", "Snapdragon 7 Gen 3", 5000, 50, "6.78", 31_999, "8/128 8/256 12/256", "Andaman Blue #3A7FB5, Peacock Green #2F7A6E", 186),
    P("vivo", "T4 5G", "mid", "2025-04-22", "Snapdragon 7s Gen 3", 7300, 50, "6.77", 21_999, "8/128 8/256 12/256", "Emerald Blaze #2E7A5C, Phantom Grey #55585E", 199),
    P("vivo", "T3 Ultra", "mid", "2024-09-12", "Dimensity 9200+", 5500, 50, "6.78", 31_999, "8/128 8/256 12/256", "Frost Green #A9CDBF, Lunar Gray #6E7075", 192),
    P("vivo", "T3x 5G", "budget", "2024-04-17", "Snapdragon 6 Gen 1", 6000, 50, "6.72", 12_499, "4/128 6/128 8/128", "Celestial Green #5C9C89, Crimson Bliss #B8344A", 199, panel="LCD", hz=120, res="FHD+"),
    P("vivo", "Y58 5G", "budget", "2024-06-20", "Snapdragon 4 Gen 2", 6000, 50, "6.72", 14_999, "8/128", "Himalayan Blue #8FB6D9, Sundarbans Green #4D6F5A", 199, res="FHD+"),
    P("vivo", "Y28s 5G", "budget", "2024-07-08", "Dimensity 6300", 5000, 50, "6.56", 12_999, "4/128 6/128 8/128", "Twinkling Purple #9B86C6, Vintage Red #A8424F", 199),
    P("vivo", "Y18", "budget", "2024-05-09", "Helio G85", 5000, 50, "6.56", 8_999, "4/64 4/128", "Space Black #1F2024, Gem Green #4F8C78", 185, g5=False),
    # --- Oppo
    P("oppo", "Find X8 Pro", "flagship", "2024-11-21", "Dimensity 9400", 5910, 50, "6.78", 99_999, "16/512", "Pearl White #EEEDEA, Space Black #1C1D20", 215,
      cam="50 MP main (OIS) + 50 MP 6x periscope + 50 MP 3x periscope + 50 MP ultra-wide | 32 MP front"),
    P("oppo", "Find X8", "premium", "2024-11-21", "Dimensity 9400", 5630, 50, "6.59", 69_999, "12/256 16/512", "Star Grey #8C8E93, Space Black #1C1D20", 193),
    P("oppo", "Find N3 Flip", "premium", "2023-10-22", "Dimensity 9200", 4300, 50, "6.8", 74_999, "12/256", "Cream Gold #E4D3B0, Sleek Black #1E1F22", 198, kind="flip",
      cam="50 MP main (OIS) + 32 MP 2x telephoto + 48 MP ultra-wide | 32 MP front"),
    P("oppo", "Reno 14 Pro 5G", "premium", "2025-07-03", "Dimensity 8450", 6200, 50, "6.83", 49_999, "12/256 12/512", "Titanium Grey #7D7F83, Pearl White #EEEDEA", 201),
    P("oppo", "Reno 14 5G", "premium", "2025-07-03", "Dimensity 8350", 6000, 50, "6.59", 37_999, "8/256 12/256 12/512", "Forest Green #3D6B55, Pearl White #EEEDEA", 187),
    P("oppo", "Reno 13 5G", "premium", "2025-01-09", "Dimensity 8350", 5600, 50, "6.59", 35_999, "8/128 8/256", "Ivory White #F0EEE8, Luminous Blue #7FA8D8", 181),
    P("oppo", "Reno 12 Pro 5G", "mid", "2024-07-12", "Dimensity 7300-Energy", 5000, 50, "6.7", 34_999, "12/256 12/512", "Space Brown #6A5447, Sunset Gold #E0C08C", 180),
    P("oppo", "F29 Pro 5G", "mid", "2025-03-20", "Dimensity 7300-Energy", 6000, 50, "6.7", 27_999, "8/128 8/256 12/256", "Marble White #EEEDEA, Granite Black #2A2B2E", 180),
    P("oppo", "K13 5G", "mid", "2025-04-21", "Snapdragon 6 Gen 4", 7000, 50, "6.67", 17_999, "8/128 8/256", "Icy Purple #B5A6D6, Prism Black #202125", 208),
    P("oppo", "A3 Pro 5G", "mid", "2024-06-21", "Dimensity 6300", 5100, 50, "6.67", 15_999, "8/128 8/256", "Moonlight Purple #A794C9, Starry Black #1F2024", 186, panel="LCD", hz=120),
    P("oppo", "A5 Pro 5G", "budget", "2025-04-24", "Dimensity 6300", 5800, 50, "6.67", 14_999, "8/128 8/256", "Mocha Brown #7A5B4A, Feather Blue #9DBAD6", 195, panel="LCD", hz=120),
    P("oppo", "A3x 5G", "budget", "2024-08-02", "Dimensity 6300", 5100, 32, "6.67", 12_499, "4/64 4/128", "Ocean Blue #3B6EA5, Sparkle Black #232428, Starry Purple #9A87C4", 186),
    # --- Motorola
    P("motorola", "Razr 60 Ultra", "flagship", "2025-05-13", "Snapdragon 8 Elite", 4700, 50, "7.0", 89_999, "16/512", "Rio Red #B32E2E, Scarab #2F4F46, Mountain Trail #6B5A48", 199, kind="flip",
      cam="50 MP main (OIS) + 50 MP ultra-wide | 50 MP front"),
    P("motorola", "Razr 50 Ultra", "premium", "2024-07-04", "Snapdragon 8s Gen 3", 4000, 50, "6.9", 79_999, "12/512", "Midnight Blue #243553, Spring Green #A8CFA1, Peach Fuzz #F4B79A", 189, kind="flip",
      cam="50 MP main (OIS) + 50 MP 2x telephoto | 32 MP front"),
    P("motorola", "Razr 50", "premium", "2024-09-09", "Dimensity 7300X", 4200, 50, "6.9", 54_999, "8/256", "Koala Grey #7A7C80, Beach Sand #D9CBB3, Spritz Orange #F08C4A", 188, kind="flip",
      cam="50 MP main (OIS) + 13 MP ultra-wide | 32 MP front"),
    P("motorola", "Edge 60 Pro", "mid", "2025-04-30", "Dimensity 8350 Extreme", 6000, 50, "6.7", 29_999, "8/256 12/256", "Pantone Shadow #2B2E36, Pantone Dazzling Blue #2E4FA3, Pantone Sparkling Grape #5E3A6E", 186),
    P("motorola", "Edge 60 Fusion", "mid", "2025-04-02", "Dimensity 7400", 5500, 50, "6.67", 22_999, "8/256 12/256", "Pantone Amazonite #4C8C7E, Pantone Slipstream #A8B7C2, Pantone Zephyr #5C7FA8", 180),
    P("motorola", "Edge 50 Ultra", "premium", "2024-06-18", "Snapdragon 8s Gen 3", 4500, 50, "6.7", 49_999, "12/512", "Peach Fuzz #F4B79A, Forest Grey #4E5A55, Nordic Wood #7A5E45", 197),
    P("motorola", "Edge 50 Pro", "mid", "2024-04-03", "Snapdragon 7 Gen 3", 4500, 50, "6.7", 27_999, "8/256 12/256", "Black Beauty #1E1F23, Luxe Lavender #B8A6D6, Moonlight Pearl #E8E6E1", 186),
    P("motorola", "Edge 50 Fusion", "mid", "2024-05-16", "Snapdragon 7s Gen 2", 5000, 50, "6.7", 21_999, "8/128 12/256", "Hot Pink #E45C8C, Forest Blue #2E4A5E, Marshmallow Blue #A8C8E0", 175),
    P("motorola", "G96 5G", "mid", "2025-07-09", "Snapdragon 7s Gen 2", 5500, 50, "6.67", 17_999, "8/128 8/256", "Pantone Ashleigh Blue #5A7FA8, Pantone Cattleya Orchid #B58CC0, Pantone Greener Pastures #4F7A55", 178),
    P("motorola", "G85 5G", "mid", "2024-07-10", "Snapdragon 6s Gen 3", 5000, 50, "6.67", 17_999, "8/128 12/256", "Olive Green #6B7A4A, Cobalt Blue #2F57A0, Viva Magenta #B0305F", 172),
    P("motorola", "G64 5G", "budget", "2024-04-16", "Dimensity 7025", 6000, 50, "6.5", 14_999, "8/128 12/256", "Mint Green #B4DCC4, Pearl Blue #8FB2D6, Ice Lilac #C7BDE0", 192, panel="LCD", hz=120, res="FHD+"),
    P("motorola", "G45 5G", "budget", "2024-08-21", "Snapdragon 6s Gen 3", 5000, 50, "6.5", 10_999, "4/128 8/128", "Brilliant Blue #2C5DAF, Brilliant Green #3F8A55, Viva Magenta #B0305F", 183, panel="LCD", hz=120),
    P("motorola", "G35 5G", "budget", "2024-12-10", "Unisoc T760", 5000, 50, "6.72", 9_999, "4/128", "Leaf Green #5A9A4F, Guava Red #D2504E, Midnight Black #1F2024", 185, panel="LCD", hz=120, res="FHD+"),
    # --- Nothing (and its CMF sub-brand)
    P("nothing", "Phone (3)", "premium", "2025-07-15", "Snapdragon 8s Gen 4", 5150, 50, "6.67", 79_999, "12/256 16/512", "White #EEEEEC, Black #1C1D20", 218),
    P("nothing", "Phone (3a) Pro", "mid", "2025-03-11", "Snapdragon 7s Gen 3", 5000, 50, "6.77", 29_999, "8/128 8/256 12/256", "Grey #8A8C90, Black #1C1D20", 211),
    P("nothing", "Phone (3a)", "mid", "2025-03-11", "Snapdragon 7s Gen 3", 5000, 50, "6.77", 24_999, "8/128 8/256", "White #EEEEEC, Black #1C1D20, Blue #6E93C8", 201),
    P("nothing", "Phone (2a) Plus", "mid", "2024-07-31", "Dimensity 7350 Pro", 5000, 50, "6.7", 27_999, "8/256 12/256", "Grey #8A8C90, Black #1C1D20", 190),
    P("nothing", "Phone (2a)", "mid", "2024-03-05", "Dimensity 7200 Pro", 5000, 50, "6.7", 23_999, "8/128 8/256 12/256", "White #EEEEEC, Black #1C1D20", 190),
    P("nothing", "Phone (2)", "premium", "2023-07-11", "Snapdragon 8+ Gen 1", 4700, 50, "6.7", 36_999, "8/128 12/256 12/512", "White #EEEEEC, Dark Grey #3A3B3F", 201),
    P("nothing", "CMF Phone 2 Pro", "mid", "2025-04-28", "Dimensity 7300 Pro", 5000, 50, "6.77", 18_999, "8/128 8/256", "Black #1C1D20, White #EEEEEC, Orange #F07A2F", 185),
    P("nothing", "CMF Phone 1", "mid", "2024-07-08", "Dimensity 7300", 5000, 50, "6.67", 15_999, "6/128 8/128", "Black #1C1D20, Blue #3F5FA8, Orange #F07A2F", 197),
    # --- Google
    P("google", "Pixel 10 Pro XL", "flagship", "2025-08-28", "Google Tensor G5", 5200, 50, "6.8", 1_24_999, "16/256", "Obsidian #202124, Moonstone #6F7B86, Jade #BFD6C4, Porcelain #EDE8E1", 232,
      panel="Super Actua LTPO OLED", res="QHD+", cam="50 MP main (OIS) + 48 MP 5x telephoto + 48 MP ultra-wide | 42 MP front"),
    P("google", "Pixel 10 Pro", "flagship", "2025-08-28", "Google Tensor G5", 4870, 50, "6.3", 1_09_999, "16/256", "Obsidian #202124, Moonstone #6F7B86, Porcelain #EDE8E1", 207,
      panel="Super Actua LTPO OLED", res="QHD+", cam="50 MP main (OIS) + 48 MP 5x telephoto + 48 MP ultra-wide | 42 MP front"),
    P("google", "Pixel 10", "premium", "2025-08-28", "Google Tensor G5", 4970, 48, "6.3", 79_999, "12/256", "Obsidian #202124, Indigo #3D4A8A, Frost #C9D8E6, Lemongrass #D9E08A", 204,
      panel="Actua OLED", cam="48 MP main (OIS) + 10.8 MP 5x telephoto + 13 MP ultra-wide | 10.5 MP front"),
    P("google", "Pixel 9 Pro Fold", "flagship", "2024-09-04", "Google Tensor G4", 4650, 48, "8.0", 1_72_999, "16/256", "Obsidian #202124, Porcelain #EDE8E1", 257, kind="fold",
      panel="Super Actua Flex OLED", cam="48 MP main (OIS) + 10.8 MP 5x telephoto + 10.5 MP ultra-wide | 10 MP cover + 10 MP inner"),
    P("google", "Pixel 9 Pro XL", "flagship", "2024-08-22", "Google Tensor G4", 5060, 50, "6.8", 1_14_999, "16/256", "Obsidian #202124, Porcelain #EDE8E1, Hazel #8E9488, Rose Quartz #EBCACB", 221,
      panel="Super Actua LTPO OLED", res="QHD+", cam="50 MP main (OIS) + 48 MP 5x telephoto + 48 MP ultra-wide | 42 MP front"),
    P("google", "Pixel 9", "premium", "2024-08-22", "Google Tensor G4", 4700, 50, "6.3", 69_999, "12/256", "Obsidian #202124, Porcelain #EDE8E1, Wintergreen #B9D3BF, Peony #EFB7C9", 198,
      panel="Actua OLED", cam="50 MP main (OIS) + 48 MP ultra-wide | 10.5 MP front"),
    P("google", "Pixel 9a", "premium", "2025-04-16", "Google Tensor G4", 5100, 48, "6.3", 49_999, "8/256", "Obsidian #202124, Porcelain #EDE8E1, Iris #9C93D6", 186,
      panel="Actua pOLED", cam="48 MP main (OIS) + 13 MP ultra-wide | 13 MP front"),
    P("google", "Pixel 8a", "premium", "2024-05-14", "Google Tensor G3", 4492, 64, "6.1", 37_999, "8/128 8/256", "Obsidian #202124, Porcelain #EDE8E1, Bay #8DB2DE", 188,
      panel="Actua OLED", cam="64 MP main (OIS) + 13 MP ultra-wide | 13 MP front"),
    P("google", "Pixel 8 Pro", "flagship", "2023-10-12", "Google Tensor G3", 5050, 50, "6.7", 89_999, "12/128", "Obsidian #202124, Porcelain #EDE8E1, Bay #8DB2DE", 213,
      panel="Super Actua LTPO OLED", res="QHD+", cam="50 MP main (OIS) + 48 MP 5x telephoto + 48 MP ultra-wide | 10.5 MP front"),
    P("google", "Pixel 7a", "mid", "2023-05-11", "Google Tensor G2", 4385, 64, "6.1", 32_999, "8/128", "Charcoal #2E3033, Snow #EDEDEA, Sea #A9C4DE", 193,
      panel="OLED", hz=90, cam="64 MP main (OIS) + 13 MP ultra-wide | 13 MP front"),
    # --- iQOO
    P("iqoo", "13", "premium", "2024-12-03", "Snapdragon 8 Elite", 6000, 50, "6.82", 54_999, "12/256 16/512", "Legend #EDEDEA, Nardo Grey #6E7074", 213, res="QHD+", hz=144),
    P("iqoo", "12", "premium", "2023-12-12", "Snapdragon 8 Gen 3", 5000, 50, "6.78", 49_999, "12/256 16/512", "Legend #EDEDEA, Alpha #1E1F22", 204, hz=144),
    P("iqoo", "Neo 10", "mid", "2025-06-03", "Snapdragon 8s Gen 4", 7000, 50, "6.78", 31_999, "8/128 8/256 12/256", "Inferno Red #C0302F, Titanium Chrome #B9BBBE", 206, hz=144),
    P("iqoo", "Neo 10R", "mid", "2025-03-11", "Snapdragon 8s Gen 3", 6400, 50, "6.78", 26_999, "8/128 8/256 12/256", "Raging Blue #2B55B0, Moonknight Titanium #A6A8AC", 196, hz=144),
    P("iqoo", "Neo 9 Pro", "mid", "2024-02-22", "Snapdragon 8 Gen 2", 5160, 50, "6.78", 32_999, "8/256 12/256", "Fiery Red #C0302F, Conqueror Black #1E1F22", 190, hz=144),
    P("iqoo", "Z10", "mid", "2025-04-11", "Snapdragon 7s Gen 3", 7300, 50, "6.77", 21_999, "8/128 8/256 12/256", "Stellar Black #1F2024, Glacier Silver #C5C8CB", 199),
    P("iqoo", "Z9s Pro 5G", "mid", "2024-08-21", "Snapdragon 7 Gen 3", 5500, 50, "6.77", 24_999, "8/128 8/256 12/256", "Flamboyant Orange #E8742F, Luxe Marble #E3E1DC", 181),
    P("iqoo", "Z9 5G", "mid", "2024-03-12", "Dimensity 7200", 5000, 50, "6.67", 18_999, "8/128 8/256", "Brushed Green #5D7F63, Graphene Blue #33486E", 188),
    P("iqoo", "Z9x 5G", "budget", "2024-05-16", "Snapdragon 6 Gen 1", 6000, 50, "6.72", 12_999, "4/128 6/128 8/128", "Tornado Green #5F8C76, Storm Grey #5A5C61", 199, panel="LCD", hz=120, res="FHD+"),
    # --- Poco
    P("poco", "F7 5G", "mid", "2025-06-24", "Snapdragon 8s Gen 4", 7550, 50, "6.83", 31_999, "12/256 12/512", "Cyber Silver #BFC3C8, Frost White #EEF0F1, Phantom Black #1C1D21", 222),
    P("poco", "F6 5G", "mid", "2024-05-23", "Snapdragon 8s Gen 3", 5000, 50, "6.67", 29_999, "8/256 12/256 12/512", "Black #1C1D21, Titanium #B6B3AC", 179),
    P("poco", "X7 Pro 5G", "mid", "2025-01-09", "Dimensity 8400-Ultra", 6550, 50, "6.67", 27_999, "8/256 12/256", "Obsidian Black #1C1D21, Nebula Green #4E7C66, Poco Yellow #F2C230", 195),
    P("poco", "X7 5G", "mid", "2025-01-09", "Dimensity 7300-Ultra", 5500, 50, "6.67", 21_999, "8/128 8/256", "Cosmic Silver #BEC2C7, Glacier Green #9CC5B0, Poco Yellow #F2C230", 190),
    P("poco", "X6 Pro 5G", "mid", "2024-01-11", "Dimensity 8300-Ultra", 5000, 64, "6.67", 22_999, "8/256 12/512", "Racing Grey #6A6C70, Spectre Black #1C1D21, Poco Yellow #F2C230", 186),
    P("poco", "M7 Pro 5G", "budget", "2024-12-17", "Dimensity 7025-Ultra", 5110, 50, "6.67", 14_999, "6/128 8/256", "Lavender Frost #B9AEDC, Lunar Dust #C9C6C0, Olive Twilight #6E7552", 190, panel="AMOLED", res="FHD+"),
    P("poco", "M6 Pro 5G", "budget", "2023-08-05", "Snapdragon 4 Gen 2", 5000, 50, "6.79", 9_999, "4/64 4/128 6/128", "Forest Green #3E6B52, Power Black #1E1F23", 199, res="FHD+"),
    P("poco", "M6 5G", "budget", "2023-12-22", "Dimensity 6100+", 5000, 50, "6.74", 8_999, "4/128 6/128 8/256", "Orion Blue #3A5FA0, Galactic Black #1E1F23", 195),
    P("poco", "C75 5G", "budget", "2024-12-17", "Snapdragon 4s Gen 2", 5160, 50, "6.88", 7_999, "4/64", "Aqua Bliss #8FC9D4, Silver Stardust #C7CACD, Enchanted Green #5E8C6E", 211),
    # --- Nokia
    P("nokia", "X30 5G", "premium", "2023-02-15", "Snapdragon 695", 4200, 50, "6.43", 36_999, "8/256", "Cloudy Blue #9DB6CF, Ice White #EEF0F1", 185, panel="AMOLED", hz=90, res="FHD+"),
    P("nokia", "G60 5G", "mid", "2022-11-03", "Snapdragon 695", 4500, 50, "6.58", 29_999, "6/128", "Black #1E1F22, Ice Grey #C9CCCF", 190, panel="IPS LCD", hz=120, res="FHD+"),
    P("nokia", "G42 5G", "budget", "2023-09-11", "Snapdragon 480+", 5000, 50, "6.56", 9_999, "6/128 8/256", "So Grey #8C8E92, So Purple #A896C9, So Pink #EDB8C4", 194, hz=90),
    P("nokia", "G21", "budget", "2022-04-26", "Unisoc T606", 5050, 50, "6.5", 11_999, "4/64 6/128", "Nordic Blue #3E5F8A, Dusk #6E6A7A", 190, g5=False, hz=90),
    P("nokia", "G11 Plus", "budget", "2022-10-12", "Unisoc T606", 5000, 50, "6.5", 10_999, "4/64", "Charcoal Grey #3A3B3F, Lake Blue #4F7FA8", 192, g5=False, hz=90),
    P("nokia", "C32", "budget", "2023-05-23", "Unisoc SC9863A", 5000, 50, "6.5", 7_999, "4/64 4/128", "Charcoal #2E2F33, Autumn Green #7E8C5E, Beach Pink #E8BFB8", 199, g5=False, hz=60, os="Android 13"),
    P("nokia", "C31", "budget", "2022-12-01", "Unisoc SC9863A", 5050, 13, "6.7", 8_999, "4/64 4/128", "Charcoal #2E2F33, Mint #B6DCCB, Cyan #6EC0D0", 212, g5=False, hz=60),
    P("nokia", "C22", "budget", "2023-05-11", "Unisoc SC9863A", 5000, 13, "6.5", 7_499, "4/64 4/128", "Charcoal #2E2F33, Sand #D7C6A8, Purple #8E7BB5", 195, g5=False, hz=60, os="Android 13 (Go edition)"),
    # --- Infinix
    P("infinix", "GT 30 Pro 5G", "mid", "2025-06-03", "Dimensity 8350", 5500, 108, "6.78", 24_999, "8/256 12/256", "Blade White #EEEEEC, Dark Flare #1C1D21", 200, hz=144),
    P("infinix", "GT 20 Pro 5G", "mid", "2024-05-21", "Dimensity 8200 Ultimate", 5000, 108, "6.78", 22_999, "8/256 12/256", "Mecha Blue #3A5FA8, Mecha Orange #EE7A2F, Mecha Silver #C3C6CA", 194, hz=144),
    P("infinix", "Zero 40 5G", "mid", "2024-09-18", "Dimensity 8200 Ultimate", 5000, 108, "6.78", 27_999, "12/256 12/512", "Violet Garden #8E7BB8, Moving Titanium #B3B0A8, Rock Black #1E1F23", 195, hz=144),
    P("infinix", "Note 50s 5G+", "mid", "2025-04-18", "Dimensity 7300", 5500, 64, "6.78", 15_999, "8/128 8/256", "Titanium Grey #7E8084, Marine Drift Blue #2F5E8A, Ruby Red #A8323F", 179, hz=144),
    P("infinix", "Note 40 Pro 5G", "mid", "2024-04-12", "Dimensity 7020", 5000, 108, "6.78", 21_999, "8/256 12/256", "Titan Gold #D5BE8E, Vintage Green #4E6E5A", 190),
    P("infinix", "Note 40X 5G", "budget", "2024-08-05", "Dimensity 6300", 5000, 108, "6.78", 14_999, "8/256 12/256", "Lime Green #B8D67A, Starlit Black #1E1F23, Palm Blue #7FB5C9", 204, panel="IPS LCD", hz=120, res="FHD+"),
    P("infinix", "Hot 60 5G+", "budget", "2025-07-11", "Dimensity 7020", 5200, 50, "6.7", 10_499, "6/128", "Shadow Blue #3A4E6E, Tundra Green #6E8C72, Sleek Black #1E1F23", 188),
    P("infinix", "Hot 50 5G", "budget", "2024-09-05", "Dimensity 6300", 5000, 48, "6.7", 9_999, "4/128 8/128", "Sage Green #A8BFA2, Dreamy Purple #A493C8, Sleek Black #1E1F23", 184),
    # --- Tecno
    P("tecno", "Phantom V Fold2 5G", "premium", "2024-09-13", "Dimensity 9000+", 5750, 50, "7.85", 79_999, "12/512", "Karst Green #4F6B5C, Rippling Blue #3F5F8A", 249, kind="fold",
      cam="50 MP main (OIS) + 50 MP 2x portrait + 50 MP ultra-wide | 32 MP cover + 32 MP inner"),
    P("tecno", "Phantom V Flip2 5G", "mid", "2024-09-13", "Dimensity 8020", 4720, 50, "6.9", 34_999, "8/256", "Travertine Green #9DB6A4, Moondust Grey #8A8C90", 196, kind="flip",
      cam="50 MP main + 50 MP ultra-wide | 32 MP front"),
    P("tecno", "Camon 30 Premier 5G", "premium", "2024-05-18", "Dimensity 8200 Ultimate", 5000, 50, "6.77", 39_999, "12/512", "Lava Black #1F1F22, Snowy Silver #D9DBDD", 205),
    P("tecno", "Camon 40 Pro 5G", "mid", "2025-04-25", "Dimensity 7300", 5200, 50, "6.78", 24_999, "8/256", "Emerald Lake Green #2F6E5F, Glacier White #EEF1F3, Galaxy Black #1E1F23", 189),
    P("tecno", "Pova 7 Pro 5G", "mid", "2025-07-10", "Dimensity 7300 Ultimate", 6000, 64, "6.78", 20_999, "8/128 8/256", "Dynamic Grey #6A6D72, Neon Cyan #3FC7CF", 195, hz=144),
    P("tecno", "Pova 7 5G", "budget", "2025-07-10", "Dimensity 7300 Ultimate", 6000, 50, "6.78", 12_999, "8/128 8/256", "Geek Black #1E1F23, Magic Silver #C4C7CB, Oasis Green #4F8C6E", 216, panel="LCD", hz=144, res="FHD+"),
    P("tecno", "Pova 6 Pro 5G", "mid", "2024-03-29", "Dimensity 6080", 6000, 108, "6.78", 17_999, "8/256 12/256", "Comet Green #4E7C6B, Meteorite Grey #6A6C71", 195),
    P("tecno", "Pova 6 Neo 5G", "budget", "2024-09-11", "Dimensity 6300", 5000, 108, "6.67", 11_999, "6/128 8/256", "Midnight Shadow #23262E, Azure Sky #6FA6D6, Aurora Cloud #D9DCE3", 194, panel="LCD", hz=120),
    P("tecno", "Spark 20 Pro 5G", "budget", "2024-01-03", "Dimensity 6080", 5000, 108, "6.78", 14_999, "8/128", "Startrail Black #1F2024, Frosty Glory #D7E1EA", 200, panel="LCD", hz=120, res="FHD+"),
    P("tecno", "Spark Go 2024", "budget", "2023-12-04", "Unisoc T606", 5000, 13, "6.56", 7_499, "4/64 4/128", "Magic Skin Green #7FA88E, Gravity Black #1E1F23, Mystery White #ECEDEE", 187, g5=False, hz=90),
]
