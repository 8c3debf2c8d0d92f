import type { MetadataRoute } from "next";
import { flattenCategories, getBrands, getCategories, getSitemapRows } from "@/lib/api";
import { absoluteUrl } from "@/lib/config";
import { getLegalIndex } from "@/lib/legal";

// Regenerated in the background at most every 5 minutes, and at once when /api/revalidate expires the
// catalogue tag. One API request for every product (GET /api/sitemap/), however large the catalogue.
export const revalidate = 300;

function latest(dates: (string | undefined)[]): Date | undefined {
  const times = dates.filter((d): d is string => Boolean(d)).map((d) => new Date(d).getTime()).filter(Number.isFinite);
  return times.length ? new Date(Math.max(...times)) : undefined;
}

/** The newest change per key (brand slug, category slug), in one pass over the products. */
function newestBy(entries: Iterable<[string, string]>): Map<string, Date> {
  const out = new Map<string, Date>();
  for (const [key, updated] of entries) {
    const time = new Date(updated);
    const seen = out.get(key);
    if (Number.isFinite(time.getTime()) && (!seen || time > seen)) out.set(key, time);
  }
  return out;
}

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const [products, brands, categories, legal] = await Promise.all([getSitemapRows(), getBrands(), getCategories(), getLegalIndex()]);
  const byBrand = newestBy(products.map((p) => [p.brand, p.updated_at]));
  const byCategory = newestBy(products.flatMap((p) => p.category_path.split("/").map((slug): [string, string] => [slug, p.updated_at])));
  const newest = [...byBrand.values()].reduce<Date | undefined>((a, b) => (!a || b > a ? b : a), undefined);

  return [
    { url: absoluteUrl("/"), lastModified: newest, changeFrequency: "daily", priority: 1 },
    { url: absoluteUrl("/shop"), lastModified: newest, changeFrequency: "daily", priority: 0.9 },
    // Only categories and brands with phones: an empty listing is not a page worth indexing.
    ...flattenCategories(categories).filter((c) => c.product_count > 0).map((c) => ({
      url: absoluteUrl(`/category/${c.slug}`),
      lastModified: byCategory.get(c.slug) ?? newest,
      changeFrequency: "daily" as const,
      priority: 0.8,
    })),
    ...brands.filter((b) => b.product_count > 0).map((b) => ({
      url: absoluteUrl(`/brand/${b.slug}`),
      lastModified: byBrand.get(b.slug) ?? newest,
      changeFrequency: "daily" as const,
      priority: 0.7,
    })),
    ...products.map((p) => ({
      url: absoluteUrl(`/product/${p.slug}`),
      lastModified: latest([p.updated_at]),
      changeFrequency: "weekly" as const,
      priority: 0.6,
    })),
    { url: absoluteUrl("/support"), changeFrequency: "yearly" as const, priority: 0.3 },
    ...legal.pages.map((p) => ({
      url: absoluteUrl(`/legal/${p.slug}`),
      lastModified: latest([p.updated_at]),
      changeFrequency: "monthly" as const,
      priority: 0.3,
    })),
  ];
}
