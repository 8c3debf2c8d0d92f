import type { ListingData } from "@/components/listing/Listing";
import { activeFilterCount, type ListingQuery } from "./query";
import type { ProductListResponse, SearchResponse } from "./types";

export function fromProducts(r: ProductListResponse): ListingData {
  return { results: r.results, count: r.count, page: r.page, totalPages: r.total_pages, facets: r.facets ?? {}, price: r.price };
}

export function fromSearch(r: SearchResponse): ListingData {
  return { results: r.results, count: r.total, page: r.page, totalPages: r.total_pages, facets: r.facets ?? {}, price: r.price };
}

/** Canonical for a listing: the unfiltered path, keeping only the page number when nothing else is set. */
export function listingCanonical(path: string, query: ListingQuery): string {
  const plain = activeFilterCount(query) === 0 && !query.sort;
  return plain && query.page > 1 ? `${path}?page=${query.page}` : path;
}
