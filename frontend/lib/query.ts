/**
 * Listing filters <-> URL. The storefront's query string uses the API's own parameter names, so a
 * shop URL and the API call behind it say the same thing (and a shared link reproduces the grid).
 */

export const SORTS = [
  { value: "popularity", label: "Popularity" },
  { value: "price", label: "Price: low to high" },
  { value: "-price", label: "Price: high to low" },
  { value: "-rating", label: "Customer rating" },
  { value: "newest", label: "Newest first" },
] as const;

export type Sort = (typeof SORTS)[number]["value"];

export const MULTI_KEYS = ["brand", "ram", "storage", "color"] as const;
export type MultiKey = (typeof MULTI_KEYS)[number];

export interface ListingQuery {
  q?: string;
  brand: string[];
  ram: string[];
  storage: string[];
  color: string[];
  category?: string;
  price_min?: string;
  price_max?: string;
  is_5g?: "true" | "false";
  available?: "true";
  rating_min?: string;
  sort?: Sort;
  page: number;
}

export type RawSearchParams = Record<string, string | string[] | undefined>;

export const PAGE_SIZE = 24;

function all(sp: RawSearchParams, key: string): string[] {
  const v = sp[key];
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  // Accept both repeated (?brand=a&brand=b) and comma-separated (?brand=a,b) forms.
  const out: string[] = [];
  for (const item of list) {
    for (const part of item.split(",")) {
      const t = part.trim();
      if (t && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

function one(sp: RawSearchParams, key: string): string | undefined {
  const v = sp[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() ? s.trim() : undefined;
}

function positiveNumber(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? String(Math.floor(n)) : undefined;
}

export function parseListingQuery(sp: RawSearchParams): ListingQuery {
  const sort = one(sp, "sort");
  const page = Number(one(sp, "page") ?? "1");
  const is5g = one(sp, "is_5g");
  const rating = one(sp, "rating_min");
  return {
    q: one(sp, "q"),
    brand: all(sp, "brand").map((b) => b.toLowerCase()),
    ram: all(sp, "ram").filter((x) => /^\d+$/.test(x)),
    storage: all(sp, "storage").filter((x) => /^\d+$/.test(x)),
    color: all(sp, "color"),
    category: one(sp, "category"),
    price_min: positiveNumber(one(sp, "price_min")),
    price_max: positiveNumber(one(sp, "price_max")),
    is_5g: is5g === "true" || is5g === "false" ? is5g : undefined,
    available: one(sp, "available") === "true" ? "true" : undefined,
    rating_min: rating && /^[1-4]$/.test(rating) ? rating : undefined,
    sort: SORTS.some((s) => s.value === sort) ? (sort as Sort) : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/**
 * Serialises a query in a stable order. Omits page 1 and empty values so that equal filters give
 * equal URLs (better caching, one canonical form).
 */
export function toSearchParams(query: Partial<ListingQuery>, omit: string[] = []): URLSearchParams {
  const p = new URLSearchParams();
  const skip = new Set(omit);
  if (query.q && !skip.has("q")) p.set("q", query.q);
  for (const key of MULTI_KEYS) {
    if (skip.has(key)) continue;
    for (const v of query[key] ?? []) p.append(key, v);
  }
  const singles = ["category", "price_min", "price_max", "is_5g", "available", "rating_min", "sort"] as const;
  for (const key of singles) {
    const v = query[key];
    if (v && !skip.has(key)) p.set(key, v);
  }
  if (query.page && query.page > 1 && !skip.has("page")) p.set("page", String(query.page));
  return p;
}

export function hrefWith(pathname: string, query: Partial<ListingQuery>, omit: string[] = []): string {
  const qs = toSearchParams(query, omit).toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

/** Number of filters the shopper set (not counting search text, sort and page). */
export function activeFilterCount(query: ListingQuery, locked: string[] = []): number {
  let n = 0;
  for (const key of MULTI_KEYS) if (!locked.includes(key)) n += query[key].length;
  for (const key of ["price_min", "price_max", "is_5g", "available", "rating_min"] as const) if (query[key]) n += 1;
  return n;
}
