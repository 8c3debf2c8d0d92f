"""The embedded engine's own duties: an index that heals itself, full rebuilds swapped in whole, writes
that survive a concurrent rebuild, concurrent readers."""

import threading
from decimal import Decimal
from pathlib import Path

import pytest

from core.memo import Memo
from core.spare_cores import SpareCores
from search import documents, services
from search.backends import embedded
from search.backends.embedded import EmbeddedBackend
from search.query import SearchFilters, SearchRequest


def phones(backend, q="", **kwargs):
    return {hit.product_id for hit in backend.search(SearchRequest(query=q, **kwargs)).hits}


def test_the_index_lives_in_search_index_dir(settings, shop, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "elsewhere"
    services.rebuild(["database"])
    current = (tmp_path / "elsewhere" / "CURRENT").read_text().split()
    assert current[1] == embedded.SCHEMA_VERSION and (tmp_path / "elsewhere" / current[0]).is_dir()


def test_a_missing_index_is_built_at_the_first_search(settings, api_client, shop):
    assert not Path(settings.SEARCH_INDEX_DIR).exists()  # the seed bulk-creates rows: no signal, no index
    assert api_client.get("/api/search/", {"q": "samsung"}).json()["total"] == 3
    assert services.embedded_backend().exists()


def test_an_empty_index_is_rebuilt_when_the_catalog_is_not(settings, shop):
    backend = services.embedded_backend()
    backend.rebuild([])  # built while the catalog was still empty, say
    assert phones(backend, "samsung") == {shop["a"].pk, shop["b"].pk, shop["s24"].pk}


def test_an_empty_catalog_is_an_empty_answer_not_a_rebuild_loop(db, settings, monkeypatch):
    backend = services.embedded_backend()
    builds = []
    original = EmbeddedBackend.rebuild
    monkeypatch.setattr(EmbeddedBackend, "rebuild", lambda self, *a, **k: builds.append(1) or original(self, *a, **k))
    for _ in range(3):
        assert backend.search(SearchRequest(query="samsung")).total == 0
    assert len(builds) == 1


def test_an_index_of_another_schema_version_is_rebuilt(settings, shop, monkeypatch):
    backend = services.embedded_backend()
    backend.rebuild(documents.iter_batches())
    first = backend.current_generation()
    monkeypatch.setattr(embedded, "SCHEMA_VERSION", "another")
    assert phones(backend, "apple") == {shop["x"].pk, shop["iphone"].pk}
    assert backend.current_generation() != first


def test_a_rebuild_is_swapped_in_whole(settings, shop):
    backend = services.embedded_backend()
    backend.rebuild(documents.iter_batches())
    before = backend.current_generation()
    seen_during = []

    def batches():
        for batch in documents.iter_batches(batch_size=3):
            seen_during.append(len(phones(backend)))  # searches keep the complete old index meanwhile
            yield batch

    assert backend.rebuild(batches()) == 10
    assert seen_during == [6, 6, 6, 6]
    assert backend.current_generation() != before
    generations = sorted(p.name for p in Path(settings.SEARCH_INDEX_DIR).glob("gen-*"))
    assert len(generations) == 2  # the new one and its predecessor; older ones are removed
    backend.rebuild(documents.iter_batches())
    assert len(list(Path(settings.SEARCH_INDEX_DIR).glob("gen-*"))) == 2


def test_a_failed_rebuild_leaves_the_live_index_alone(settings, shop):
    backend = services.embedded_backend()
    backend.rebuild(documents.iter_batches())
    before = backend.current_generation()

    def broken():
        yield next(documents.iter_batches(batch_size=2))
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken())
    assert backend.current_generation() == before and len(phones(backend)) == 6
    assert len(list(Path(settings.SEARCH_INDEX_DIR).glob("gen-*"))) == 1


def test_changes_during_a_rebuild_are_not_lost(settings, shop):
    """A sync that lands while a rebuild runs (after the rebuild read its row) is replayed into the new
    index before it is swapped in."""
    backend = services.embedded_backend()
    backend.rebuild(documents.iter_batches())
    one = shop["one"]

    def batches():
        yield from documents.iter_batches()
        # The rebuild has read everything; now a phone goes away and its sync runs (another process).
        one.is_active = False
        one.save()
        services.sync_variants(one.variants.values_list("id", flat=True))
        assert one.pk not in phones(backend)  # the live index got it at once

    backend.rebuild(batches())
    assert one.pk not in phones(backend)  # and the new one too


def test_writes_skip_a_missing_index(settings, shop):
    backend = services.embedded_backend()
    services.sync_variants(shop["a"].variants.values_list("id", flat=True))
    assert not backend.exists()  # built from the database, complete, when first needed


def test_concurrent_searches_and_writes(settings, shop):
    backend = services.embedded_backend()
    backend.rebuild(documents.iter_batches())
    errors = []
    docs = documents.documents_for(shop["a"].variants.values_list("id", flat=True))  # threads: no database

    def reader():
        try:
            for _ in range(20):
                assert shop["a"].pk in phones(backend, "samsung")
        except Exception as exc:  # noqa: BLE001  whatever fails in a thread fails the test below
            errors.append(exc)

    def writer():
        try:
            for _ in range(5):
                backend.upsert(docs)
        except Exception as exc:  # noqa: BLE001  whatever fails in a thread fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert backend._searcher().num_docs == 10  # upserts replace, never duplicate


def test_health(settings, db):
    services.embedded_backend().health()


class _RefusesSharedPasses:
    """A searcher whose aggregations refuse, as tantivy does past its bucket limit, any pass that counts phones
    together with other aggregations."""

    refused = 0

    def __init__(self, searcher):
        self.searcher = searcher

    def __getattr__(self, name):
        return getattr(self.searcher, name)

    def aggregate(self, query, aggs):
        if "p" in aggs and len(aggs) > 1:
            _RefusesSharedPasses.refused += 1
            raise ValueError("too many buckets")
        return self.searcher.aggregate(query, aggs)


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(),
        SearchFilters(ram=(8,)),
        SearchFilters(ram=(6, 8), brands=("samsung",)),
        SearchFilters(colors=("black",), price_min=Decimal("13000")),
        SearchFilters(storage=(128,), is_5g=True),
    ],
)
def test_one_pass_for_the_count_price_and_facets_answers_as_a_pass_each(settings, shop, monkeypatch, filters):
    # The count and the price range ride on the pass of the facets that share the request's query; where tantivy
    # refuses them together (its bucket limit, beyond ~64,000 phones) each gets its own pass: the same answer.
    services.rebuild(["database"])
    backend = services.embedded_backend()
    # This small shop's phones all fit in the page's window, which then counts them: count them as a big
    # shop's listing must, by aggregation.
    page = backend._page
    monkeypatch.setattr(backend, "_page", lambda *args: (page(*args)[0], None))
    request = SearchRequest(filters=filters)
    fused = backend.search(request)
    opened = backend._searcher_and_state

    def refusing() -> tuple[_RefusesSharedPasses, str]:
        searcher, state = opened()
        return _RefusesSharedPasses(searcher), state

    monkeypatch.setattr(backend, "_searcher_and_state", refusing)
    monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))  # computed again, not remembered
    monkeypatch.setattr(_RefusesSharedPasses, "refused", 0)
    apart = backend.search(request)
    assert _RefusesSharedPasses.refused == (
        1 if embedded.picks_variants(request, False) else 0
    )  # the fused pass was tried
    assert (fused.total, fused.facets, fused.price, fused.hits) == (apart.total, apart.facets, apart.price, apart.hits)
    assert fused.total > 0 and fused.facets["brand"]


def test_every_page_and_sort_of_a_search_shares_its_facets_until_the_index_changes(settings, shop, monkeypatch):
    # Facets, count and price range depend on the words and filters only: computed once per state of the index.
    services.rebuild(["database"])
    backend = services.embedded_backend()
    summaries = []
    summary = backend._summary
    monkeypatch.setattr(backend, "_summary", lambda *args: summaries.append(1) or summary(*args))
    monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))
    request = SearchRequest(query="samsung", page_size=1)
    first = backend.search(request)
    for sort, page in (("price", 1), ("-rating", 2), ("relevance", 3)):
        again = backend.search(SearchRequest(query="samsung", sort=sort, page=page, page_size=1))
        assert (again.total, again.facets, again.price) == (first.total, first.facets, first.price)
    assert len(summaries) == 1
    backend.search(SearchRequest(query="samsung", filters=SearchFilters(ram=(8,))))  # other filters: their own
    assert len(summaries) == 2
    backend.delete(documents.with_siblings([shop["a"].variants.first().pk]))  # a commit: what is remembered is older
    changed = backend.search(request)
    assert len(summaries) == 3
    assert changed.total == first.total - 1 and changed.facets != first.facets


class _CountsReads:
    """A searcher that counts the engine's aggregation passes and its counting searches."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.passes = 0
        self.counts = 0

    def __getattr__(self, name):
        return getattr(self.searcher, name)

    def aggregate(self, query, aggs):
        self.passes += 1
        return self.searcher.aggregate(query, aggs)

    def search(self, query, *args, count=True, **kwargs):
        self.counts += bool(count)
        return self.searcher.search(query, *args, count=count, **kwargs)


@pytest.mark.parametrize(
    "words, filters, passes",
    [
        ("samsung", SearchFilters(), 1),  # every facet, the count and the price range in one pass
        ("galaxy", SearchFilters(brands=("samsung",)), 2),  # the brand facet without the brand filter
        ("phone", SearchFilters(brands=("samsung",), is_5g=True), 3),
        ("samsung", SearchFilters(ram=(8,)), 2),  # a variant-level filter: phones counted by distinct ids
    ],
)
def test_a_search_reads_its_words_once_per_set_of_filters_its_facets_ask_for(
    settings, shop, monkeypatch, words, filters, passes
):
    # A pass reads the words' query (a typo or a prefix: a union of many postings) whatever it aggregates: facets
    # counted on different representative documents share the pass of their filters, and carry the count.
    services.rebuild(["database"])
    backend = services.embedded_backend()
    page = backend._page
    monkeypatch.setattr(backend, "_page", lambda *args: (page(*args)[0], None))  # counted by the summary
    monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))
    opened = backend._searcher_and_state
    reads = _CountsReads(opened()[0])
    monkeypatch.setattr(backend, "_searcher_and_state", lambda: (reads, opened()[1]))
    result = backend.search(SearchRequest(query=words, filters=filters))
    assert result.total > 0 and result.facets["brand"]
    assert reads.passes == passes
    assert reads.counts == 1  # words_pick_variants' one: no search of its own for the count


@pytest.mark.parametrize(
    "words, picks",
    [
        ("samsung", False),
        ("galaxy s24", False),
        ("5g", False),  # in every variant's specs of a 5G phone
        ("", False),
        ("black", True),  # a colour
        ("samsung blu", True),  # typing "blue"
        ("titanium", True),  # a title word, and a colour of another phone, whose variants it matches
        ("titanium gray", True),
        ("samsung titanium", True),  # the Galaxy S24's colour
        ("titanium one", False),  # the Titanium One's title: the Galaxy S24, whose colour it is, is not "one"
        ("lava titanium", False),  # nor a Lava
        ("256gb", True),
        ("8gb ram", True),
    ],
)
def test_words_pick_variants_where_a_word_could_match_what_variants_differ_by(settings, shop, words, picks):
    services.rebuild(["database"])
    backend = services.embedded_backend()
    assert embedded.words_pick_variants(backend._searcher(), words) is picks


def test_a_word_common_where_variants_differ_picks_variants_without_a_second_search(settings, shop, monkeypatch):
    # Past VARIANT_WORD_DOCUMENTS_LOOKED_AT documents matching a word where variants differ, the words are taken to pick
    # variants (always right; only slower) rather than searched again for a document that every word matches.
    services.rebuild(["database"])
    reads = _CountsReads(services.embedded_backend()._searcher())
    assert not embedded.words_pick_variants(reads, "titanium one") and reads.counts == 2
    monkeypatch.setattr(embedded, "VARIANT_WORD_DOCUMENTS_LOOKED_AT", 1)  # the Galaxy S24's two titanium variants
    reads.counts = 0
    assert embedded.words_pick_variants(reads, "titanium one") and reads.counts == 1


@pytest.mark.parametrize("sort", ["relevance", "popularity", "price", "-price", "-rating", "newest"])
@pytest.mark.parametrize(
    "words, filters",
    [
        ("samsung", SearchFilters()),
        ("galaxy", SearchFilters(ram=(8,))),
        ("apple", SearchFilters(is_5g=True)),
        ("samsung 5g", SearchFilters(colors=("black", "blue"))),
        ("phone", SearchFilters(price_max=Decimal("70000"))),
        ("titanium one", SearchFilters()),  # a colour of phones the other word does not match
        ("lava titanium", SearchFilters(is_5g=False)),
    ],
)
def test_words_that_keep_whole_phones_are_counted_one_document_per_phone_with_the_same_answer(
    settings, shop, monkeypatch, words, filters, sort
):
    # Where no word can match what a phone's variants differ by, its phones are searched and counted on one document
    # each (its representative's phone fields), not by a distinct count over every matching variant: the same page,
    # count, facets and prices.
    services.rebuild(["database"])
    backend = services.embedded_backend()
    request = SearchRequest(query=words, filters=filters, sort=sort, page_size=2)
    assert not embedded.words_pick_variants(backend._searcher(), request.words)
    page = backend._page
    monkeypatch.setattr(backend, "_page", lambda *args: (page(*args)[0], None))  # counted by the summary, not the page
    monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))
    by_representatives = backend.search(request)
    monkeypatch.setattr(embedded, "words_pick_variants", lambda *args: True)
    monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))
    by_variants = backend.search(request)
    assert (by_representatives.total, by_representatives.facets, by_representatives.price) == (
        by_variants.total,
        by_variants.facets,
        by_variants.price,
    )
    assert shown(by_representatives.hits) == shown(by_variants.hits)


@pytest.mark.parametrize("sort", ["price", "-price"])
def test_phones_of_equal_prices_keep_the_variants_order_on_their_own_documents(settings, shop, monkeypatch, sort):
    # By price, whole phones are ordered by their cheapest (or dearest) variant on their own documents, ties by product
    # id as a window of variants orders them. Two more Samsungs tie samsung-a at both ends: 20,000 and 30,000.
    from catalog.tests.factories import ProductFactory, VariantFactory

    for title in ("Samsung C", "Samsung D"):
        phone = ProductFactory(title=title, brand=shop["a"].brand, category=shop["a"].category)
        for price, color in ((Decimal("30000"), "Red"), (Decimal("20000"), "Grey"), (Decimal("30000"), "Gold")):
            VariantFactory(product=phone, price=price, mrp=price, color=color)
    services.rebuild(["database"])
    backend = services.embedded_backend()
    request = SearchRequest(query="samsung", sort=sort, page_size=10)
    monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))
    on_phones = backend.search(request)
    monkeypatch.setattr(embedded, "words_pick_variants", lambda *args: True)
    monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))
    on_variants = backend.search(request)
    assert shown(on_phones.hits) == shown(on_variants.hits)
    assert on_phones.total == on_variants.total == 5


@pytest.mark.parametrize("cut", ["sets cut short", "too many buckets"])
@pytest.mark.parametrize("words", ["", "samsung", "apple", "phone"])
def test_a_phone_facet_whose_sets_are_too_many_is_counted_value_by_value_with_the_same_answer(
    settings, shop, monkeypatch, cut, words
):
    # A facet of whole phones is counted a bucket per distinct set of its values (one value per document: fast), split
    # after; where the sets are more than one aggregation may count, value by value (several values per document).
    services.rebuild(["database"])
    backend = services.embedded_backend()
    page = backend._page
    monkeypatch.setattr(backend, "_page", lambda *args: (page(*args)[0], None))
    monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))
    request = SearchRequest(query=words)
    by_set = backend.search(request)
    monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))
    value_by_value = []
    per_value = embedded._phones_per_value
    monkeypatch.setattr(
        embedded, "_phones_per_value", lambda name, terms: value_by_value.append(name) or per_value(name, terms)
    )
    if cut == "sets cut short":
        monkeypatch.setattr(embedded, "TERMS_BUCKET_LIMIT", 1)  # every facet with two sets or more is cut
    else:
        opened = backend._searcher_and_state

        class Refusing(_CountsReads):
            def aggregate(self, query, aggs):
                if any("_set" in agg.get("terms", {}).get("field", "") for agg in aggs.values()):
                    raise ValueError("too many buckets")
                return self.searcher.aggregate(query, aggs)

        monkeypatch.setattr(backend, "_searcher_and_state", lambda: (Refusing(opened()[0]), opened()[1]))
    apart = backend.search(request)
    assert {"ram", "storage", "color"} <= set(value_by_value)
    assert (apart.total, apart.facets, apart.price) == (by_set.total, by_set.facets, by_set.price)
    assert by_set.facets["ram"] and by_set.facets["color"]


def test_what_a_phone_offers_follows_its_variants(settings, shop):
    # A phone's values and prices sit on each of its documents, searched on its representative's: a change to any of
    # its variants rewrites them. Here its representative (the lowest id, the cheapest) becomes its dearest.
    services.rebuild(["database"])
    backend = services.embedded_backend()
    request = SearchRequest(query="galaxy")
    before = backend.search(request)
    assert before.price == {"min": "74999.00", "max": "84999.00"} and "16" not in before.facets["ram"]
    variant = shop["s24"].variants.order_by("id").first()
    variant.price, variant.mrp, variant.ram_gb, variant.color = Decimal("99999"), Decimal("99999"), 16, "Jade"
    variant.save()
    services.sync_variants([variant.pk])
    after = backend.search(request)
    assert after.price == {"min": "84999.00", "max": "99999.00"}
    assert after.facets["ram"] == {"8": 1, "16": 1} and after.facets["color"]["Jade"] == 1


def test_phone_facts_are_each_value_once_in_order_and_the_price_span():
    rows = [
        (1, 7, 8, 256, "Blue", Decimal("30000")),
        (2, 7, 8, 128, "Black", Decimal("20000.50")),
        (3, 7, 12, 256, "Blue", Decimal("35000")),
        (4, 9, 6, 64, "Red", Decimal("9999")),
    ]
    assert documents.phone_facts(rows) == {
        7: {
            "ram": [8, 12],
            "storage": [128, 256],
            "color": ["Black", "Blue"],
            "price_low": 20000.5,
            "price_high": 35000.0,
        },
        9: {"ram": [6], "storage": [64], "color": ["Red"], "price_low": 9999.0, "price_high": 9999.0},
    }


def shown(hits):
    """(phone, the variant its row shows): a hit without a variant shows the phone's cheapest (the listing's rows), or
    its dearest, the lowest id of equals, where it says so (search.services.hydrate)."""
    from catalog.models import ProductVariant

    def picked(hit):
        variants = ProductVariant.objects.filter(product_id=hit.product_id, is_active=True)
        return variants.order_by("-price" if hit.dearest else "price", "id")[0].pk

    return [(hit.product_id, hit.variant_id or picked(hit)) for hit in hits]


@pytest.mark.parametrize(
    "words, filters",
    [
        ("samsung", SearchFilters()),  # whole phones
        ("galaxy", SearchFilters(ram=(8,))),  # variants picked by a filter
        ("samsung 5g", SearchFilters(colors=("black",), brands=("samsung",))),
    ],
)
def test_a_summary_counted_on_a_spare_core_while_the_page_is_read_is_the_one_counted_after_it(
    settings, shop, monkeypatch, words, filters
):
    # The summary's passes start on a spare core while the page is read; the request's thread takes those left.
    services.rebuild(["database"])
    backend = services.embedded_backend()
    opened = backend._searcher_and_state
    counted_on = []

    class Recording(_CountsReads):
        def aggregate(self, query, aggs):
            counted_on.append(threading.current_thread().name)
            return self.searcher.aggregate(query, aggs)

    monkeypatch.setattr(backend, "_searcher_and_state", lambda: (Recording(opened()[0]), opened()[1]))
    answers, threads = [], []
    for spare in (SpareCores(1), SpareCores(0)):  # a core free; none (or every one busy)
        monkeypatch.setattr(embedded, "SPARE_CORES", spare)
        monkeypatch.setattr(embedded, "_SUMMARIES", Memo(8))
        counted_on.clear()
        answers.append(backend.search(SearchRequest(query=words, filters=filters, page_size=1)))
        threads.append(set(counted_on))
    here = threading.current_thread().name
    assert any(name.startswith("spare-core") for name in threads[0]) and threads[1] == {here}
    beside, after = answers
    assert beside.total > 0
    assert (beside.total, beside.facets, beside.price, beside.hits) == (
        after.total,
        after.facets,
        after.price,
        after.hits,
    )
