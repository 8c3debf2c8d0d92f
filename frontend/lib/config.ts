/**
 * The one place that knows where the API and the site live.
 *
 * - Server code (server components, route handlers, sitemap) calls API_URL, falling back to
 *   NEXT_PUBLIC_API_URL, so a deployment can use an internal address for server-to-server calls.
 * - Browser code (search suggestions, delivery estimate) can only see NEXT_PUBLIC_API_URL, which Next
 *   inlines at build time.
 */
const DEFAULT_API_URL = "http://127.0.0.1:8000";
const DEFAULT_SITE_URL = "http://127.0.0.1:3000";

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

export const PUBLIC_API_URL = stripSlash(process.env.NEXT_PUBLIC_API_URL || DEFAULT_API_URL);

export const API_URL: string =
  typeof window === "undefined"
    ? stripSlash(process.env.API_URL || process.env.NEXT_PUBLIC_API_URL || DEFAULT_API_URL)
    : PUBLIC_API_URL;

/** Absolute origin of the storefront: canonical URLs, Open Graph, sitemap, JSON-LD. */
export const SITE_URL = stripSlash(process.env.NEXT_PUBLIC_SITE_URL || DEFAULT_SITE_URL);

export const SITE_NAME = "PhoneStore";

/**
 * Safety-net window (seconds) after which cached catalog data is refetched even if the backend never
 * calls /api/revalidate. Keep in sync with `revalidate` exported by the pages (must be a literal there).
 */
export const CATALOG_REVALIDATE_SECONDS = 300;

/** Cache tags. The backend's revalidate webhook names these (see README). */
export const TAGS = {
  catalog: "catalog",
  brands: "brands",
  categories: "categories",
  legal: "legal",
  product: (slug: string) => `product:${slug}`,
} as const;

export function absoluteUrl(path: string): string {
  return `${SITE_URL}${path.startsWith("/") ? path : `/${path}`}`;
}
