import { timingSafeEqual } from "node:crypto";
import { revalidateTag } from "next/cache";
import { TAGS } from "@/lib/config";

/**
 * POST /api/revalidate: the backend calls this after a catalogue change.
 *   Authorization: Bearer <REVALIDATE_SECRET>
 *   {"products": ["galaxy-s24"]}      expire those product pages and every listing
 *   {"tags": ["brands", "categories"]} expire named tags ("catalog" expires everything; "legal": the legal pages)
 * Cached data with a tag is dropped at once ({expire: 0}): the next visitor gets fresh prices.
 * Without REVALIDATE_SECRET the endpoint is off (404) and the 5-minute window alone applies.
 */
const ALLOWED = /^(catalog|brands|categories|legal|product:[a-z0-9-]{1,200})$/;

function authorised(header: string | null, secret: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const want = Buffer.from(secret);
  return given.length === want.length && timingSafeEqual(given, want);
}

export async function POST(request: Request) {
  const secret = process.env.REVALIDATE_SECRET;
  if (!secret) return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  if (!authorised(request.headers.get("authorization"), secret)) {
    return Response.json({ error: { code: "unauthorized", message: "Bad or missing revalidate token." } }, { status: 401 });
  }
  let body: { products?: unknown; tags?: unknown };
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return Response.json({ error: { code: "invalid", message: "Body must be JSON." } }, { status: 400 });
  }
  const products = Array.isArray(body.products) ? body.products.filter((s): s is string => typeof s === "string") : [];
  const named = Array.isArray(body.tags) ? body.tags.filter((s): s is string => typeof s === "string") : [];
  // A product change moves listings, facets, search and the sitemap too: they all carry "catalog".
  const tags = [...new Set([...named, ...products.map(TAGS.product), ...(products.length ? [TAGS.catalog] : [])])];
  const bad = tags.filter((t) => !ALLOWED.test(t));
  if (!tags.length || bad.length) {
    return Response.json(
      { error: { code: "invalid", message: "Name products or known tags.", fields: bad.length ? { tags: bad } : { products: ["required"] } } },
      { status: 400 },
    );
  }
  for (const tag of tags) revalidateTag(tag, { expire: 0 });
  return Response.json({ revalidated: tags, now: Date.now() });
}
