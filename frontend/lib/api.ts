/**
 * Typed API client for server code. Every catalog read goes through `apiGet`, which caches the answer
 * in Next's data cache under tags (so /api/revalidate can expire it when the backend changes the
 * catalog) with a time-based safety net. Answers come typed as the API's schema says (lib/types.ts);
 * the reshape* functions below are the one place where a wire type becomes an app type of another shape.
 */
import { cache } from "react";
import { API_URL, CATALOG_REVALIDATE_SECONDS, TAGS } from "./config";
import { toSearchParams, PAGE_SIZE, type ListingQuery } from "./query";
import type {
  ApiErrorBody,
  Brand,
  Category,
  HomeSections,
  Listing,
  ProductDetail,
  ProductPage,
  ReviewPage,
  SearchPage,
  SitemapRow,
  State,
} from "./types";

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: ApiErrorBody["error"]["fields"],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface GetOptions {
  tags?: string[];
  revalidate?: number | false;
  /** Skip the data cache (per-request data). */
  noStore?: boolean;
}

export function apiUrl(path: string, params?: URLSearchParams): string {
  const qs = params && params.toString() ? `?${params.toString()}` : "";
  return `${API_URL}${path}${qs}`;
}

export async function apiGet<T>(path: string, params?: URLSearchParams, opts: GetOptions = {}): Promise<T> {
  const url = apiUrl(path, params);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { Accept: "application/json" },
      ...(opts.noStore
        ? { cache: "no-store" as const }
        : {
            next: {
              revalidate: opts.revalidate ?? CATALOG_REVALIDATE_SECONDS,
              tags: [TAGS.catalog, ...(opts.tags ?? [])],
            },
          }),
    });
  } catch (err) {
    throw new ApiError(503, "api_unreachable", `The catalogue service is unreachable (${url}): ${String(err)}`);
  }
  if (!res.ok) {
    let body: Partial<ApiErrorBody> = {};
    try {
      body = (await res.json()) as ApiErrorBody;
    } catch {
      /* not JSON */
    }
    throw new ApiError(
      res.status,
      body.error?.code ?? `http_${res.status}`,
      body.error?.message ?? `${res.status} ${res.statusText} from ${url}`,
      body.error?.fields,
    );
  }
  return (await res.json()) as T;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

// ---- catalogue -------------------------------------------------------------------------------

export function listingParams(query: Partial<ListingQuery>, pageSize = PAGE_SIZE): URLSearchParams {
  const p = toSearchParams(query, ["q"]);
  p.set("page_size", String(pageSize));
  return p;
}

export function reshapeProductPage(r: ProductPage): Listing {
  return { results: r.results, count: r.count, page: r.page, totalPages: r.total_pages, facets: r.facets, price: r.price };
}

export function reshapeSearchPage(r: SearchPage): Listing {
  return { results: r.results, count: r.total, page: r.page, totalPages: r.total_pages, facets: r.facets, price: r.price };
}

export async function getProducts(query: Partial<ListingQuery>, pageSize = PAGE_SIZE): Promise<Listing> {
  return reshapeProductPage(await apiGet<ProductPage>("/api/products/", listingParams(query, pageSize)));
}

/** Deduplicated per request: generateMetadata and the page share one call. */
export const getProduct = cache(
  (slug: string): Promise<ProductDetail> =>
    apiGet<ProductDetail>(`/api/products/${encodeURIComponent(slug)}/`, undefined, { tags: [TAGS.product(slug)] }),
);

export function getReviews(slug: string, page = 1): Promise<ReviewPage> {
  const p = new URLSearchParams();
  if (page > 1) p.set("page", String(page));
  return apiGet<ReviewPage>(`/api/products/${encodeURIComponent(slug)}/reviews/`, p, { tags: [TAGS.product(slug)] });
}

export const getBrands = cache((): Promise<Brand[]> => apiGet<Brand[]>("/api/brands/", undefined, { tags: [TAGS.brands] }));

export const getCategories = cache(
  (): Promise<Category[]> => apiGet<Category[]>("/api/categories/", undefined, { tags: [TAGS.categories] }),
);

export async function getBrand(slug: string): Promise<Brand | undefined> {
  return (await getBrands()).find((b) => b.slug === slug);
}

export function flattenCategories(tree: Category[]): Category[] {
  const out: Category[] = [];
  const walk = (nodes: Category[]) => {
    for (const n of nodes) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(tree);
  return out;
}

/** The category and its ancestors, root first. */
export async function getCategoryTrail(slug: string): Promise<Category[] | undefined> {
  const trail: Category[] = [];
  const find = (nodes: Category[]): boolean => {
    for (const n of nodes) {
      trail.push(n);
      if (n.slug === slug || find(n.children)) return true;
      trail.pop();
    }
    return false;
  };
  return find(await getCategories()) ? trail : undefined;
}

export async function search(query: Partial<ListingQuery>, pageSize = PAGE_SIZE): Promise<Listing> {
  const p = toSearchParams(query);
  p.set("page_size", String(pageSize));
  return reshapeSearchPage(await apiGet<SearchPage>("/api/search/", p));
}

/** The home page's sections in one answer: brands, newest, top rated, biggest deals (8 each). */
export function getHome(): Promise<HomeSections> {
  return apiGet<HomeSections>("/api/home/", undefined, { tags: [TAGS.brands] });
}

/**
 * The states and union territories for the address forms (code and name). The list changes only with a
 * release of the API, so it is kept a day. Empty when the API cannot be reached: the forms say so rather
 * than fail the whole page.
 */
export const getStates = cache(async (): Promise<State[]> => {
  try {
    return await apiGet<State[]>("/api/states/", undefined, { revalidate: 86_400 });
  } catch {
    return [];
  }
});

/** Every active product for the sitemap, in one request (slug, last change, brand, category path). */
export function getSitemapRows(): Promise<SitemapRow[]> {
  return apiGet<SitemapRow[]>("/api/sitemap/");
}
