import { ApiError } from "./api";
import { activeFilterCount, type ListingQuery } from "./query";
import type { Listing } from "./types";

/** Canonical for a listing: the unfiltered path, keeping only the page number when nothing else is set. */
export function listingCanonical(path: string, query: ListingQuery): string {
  const plain = activeFilterCount(query) === 0 && !query.sort;
  return plain && query.page > 1 ? `${path}?page=${query.page}` : path;
}

/**
 * Runs a listing call; a 400 from the API (a hand-edited URL with impossible filters) becomes an
 * empty grid with the API's message instead of an error page.
 */
export async function loadListing(run: () => Promise<Listing>): Promise<{ data: Listing; invalid?: string }> {
  try {
    return { data: await run() };
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) {
      const detail = Object.entries(err.fields ?? {})
        .map(([k, v]) => `${k}: ${v.join(" ")}`)
        .join("; ");
      return { data: EMPTY_LISTING, invalid: detail || err.message };
    }
    throw err;
  }
}

export const EMPTY_LISTING: Listing = {
  results: [],
  count: 0,
  page: 1,
  totalPages: 0,
  facets: { brand: {}, ram: {}, storage: {}, color: {}, is_5g: {} },
  price: { min: null, max: null },
};
