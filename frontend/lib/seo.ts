import type { Metadata } from "next";
import { SITE_NAME, absoluteUrl } from "./config";
import { decimalString } from "./format";
import type { ProductDetail, Variant } from "./types";

interface PageMeta {
  title: string;
  description: string;
  path: string;
  image?: { url: string; width?: number; height?: number; alt?: string } | null;
  noindex?: boolean;
}

/** Title, description, canonical, Open Graph and Twitter tags, the same way on every page. */
export function pageMetadata({ title, description, path, image, noindex }: PageMeta): Metadata {
  const url = absoluteUrl(path);
  const images = image ? [{ url: image.url, width: image.width, height: image.height, alt: image.alt ?? title }] : undefined;
  return {
    title,
    description,
    alternates: { canonical: url },
    openGraph: { type: "website", siteName: SITE_NAME, locale: "en_IN", title, description, url, images },
    twitter: { card: image ? "summary_large_image" : "summary", title, description, images: image ? [image.url] : undefined },
    robots: noindex ? { index: false, follow: true } : undefined,
  };
}

export function truncate(text: string, max = 158): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).replace(/\s+\S*$/, "")}…`;
}

const AVAILABILITY = {
  in: "https://schema.org/InStock",
  out: "https://schema.org/OutOfStock",
} as const;

export function productUrl(slug: string, variant?: Variant): string {
  return absoluteUrl(`/product/${slug}${variant ? `?variant=${encodeURIComponent(variant.sku)}` : ""}`);
}

/** The variant shown first: the cheapest in stock (the listing's "from" price), else the cheapest. */
export function defaultVariant(variants: Variant[]): Variant | undefined {
  const byPrice = [...variants].sort((a, b) => Number(a.price) - Number(b.price) || a.id - b.id);
  return byPrice.find((v) => v.in_stock) ?? byPrice[0];
}

/** schema.org Product with an AggregateOffer across the variants (one Offer per variant inside it). */
export function productJsonLd(p: ProductDetail) {
  const first = defaultVariant(p.variants);
  const prices = p.variants.map((v) => Number(v.price));
  const high = Math.max(...prices);
  const url = productUrl(p.slug);
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: p.title,
    url,
    image: p.images.map((i) => i.url),
    description: truncate(p.description || p.title, 5000),
    sku: first?.sku ?? String(p.id),
    brand: { "@type": "Brand", name: p.brand.name },
    category: p.category_path,
    offers: p.price === null || !p.variants.length ? undefined : {
      "@type": "AggregateOffer",
      priceCurrency: "INR",
      // The API's product price is the lowest active variant's price.
      lowPrice: decimalString(p.price),
      highPrice: decimalString(high),
      offerCount: p.variants.length || 1,
      availability: p.available ? AVAILABILITY.in : AVAILABILITY.out,
      url,
      offers: p.variants.map((v) => ({
        "@type": "Offer",
        sku: v.sku,
        name: `${p.title} ${v.ram_gb} GB RAM, ${v.storage_gb} GB, ${v.color}`,
        price: decimalString(v.price),
        priceCurrency: "INR",
        availability: v.in_stock ? AVAILABILITY.in : AVAILABILITY.out,
        itemCondition: "https://schema.org/NewCondition",
        url: productUrl(p.slug, v),
      })),
    },
    ...(p.review_count > 0
      ? {
          aggregateRating: {
            "@type": "AggregateRating",
            ratingValue: Number(p.rating).toFixed(2),
            reviewCount: p.review_count,
            bestRating: 5,
            worstRating: 1,
          },
        }
      : {}),
  };
}

export function breadcrumbJsonLd(items: { name: string; path: string }[]) {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: items.map((c, i) => ({ "@type": "ListItem", position: i + 1, name: c.name, item: absoluteUrl(c.path) })),
  };
}

export function websiteJsonLd() {
  return {
    "@context": "https://schema.org",
    "@type": "WebSite",
    name: SITE_NAME,
    url: absoluteUrl("/"),
    potentialAction: {
      "@type": "SearchAction",
      target: { "@type": "EntryPoint", urlTemplate: `${absoluteUrl("/search")}?q={search_term_string}` },
      "query-input": "required name=search_term_string",
    },
  };
}
