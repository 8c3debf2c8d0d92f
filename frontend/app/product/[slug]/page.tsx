import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { CompareButton } from "@/components/CompareButton";
import { JsonLd } from "@/components/JsonLd";
import { Price } from "@/components/Price";
import { ProductGridSkeleton } from "@/components/ProductGrid";
import { Rating } from "@/components/Rating";
import { Gallery } from "@/components/product/Gallery";
import { PurchasePanel } from "@/components/product/PurchasePanel";
import { Related } from "@/components/product/Related";
import { Reviews, ReviewsSkeleton } from "@/components/product/Reviews";
import { Specs } from "@/components/product/Specs";
import { VariantProvider } from "@/components/product/VariantContext";
import { getProduct, isNotFound } from "@/lib/api";
import { formatPrice } from "@/lib/format";
import { breadcrumbJsonLd, defaultVariant, pageMetadata, productJsonLd, truncate } from "@/lib/seo";
import type { ProductDetail } from "@/lib/types";

// Incremental static regeneration: each product page is rendered on its first visit, then served from
// the cache; /api/revalidate (tag "product:<slug>") or this window refreshes it.
export const revalidate = 300;
export const dynamicParams = true;
export function generateStaticParams(): { slug: string }[] {
  return [];
}

async function load(slug: string): Promise<ProductDetail> {
  try {
    return await getProduct(slug);
  } catch (err) {
    if (isNotFound(err)) notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: PageProps<"/product/[slug]">): Promise<Metadata> {
  const p = await load((await params).slug);
  const img = p.images[0];
  return pageMetadata({
    title: `${p.title}: price in India, specs and reviews`,
    description: truncate(`${p.price ? `Buy ${p.title} from ${formatPrice(p.price)} (GST included). ` : ""}${p.description}`),
    path: `/product/${p.slug}`,
    image: img ? { url: img.url, width: img.width, height: img.height, alt: img.alt || p.title } : null,
  });
}

export default async function ProductPage({ params }: PageProps<"/product/[slug]">) {
  const p = await load((await params).slug);
  const first = defaultVariant(p.variants);
  const trail = [
    { name: "Home", path: "/" },
    ...p.breadcrumbs.map((c) => ({ name: c.name, path: `/category/${c.slug}` })),
    { name: p.title, path: `/product/${p.slug}` },
  ];

  const info = (
    <>
      <p className="text-sm">
        <Link href={`/brand/${p.brand.slug}`} prefetch={false} className="font-semibold text-brand-800 hover:underline">
          {p.brand.name}
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-bold sm:text-3xl" data-testid="product-title">
        {p.title}
      </h1>
      <a href="#reviews" className="mt-2 inline-block rounded">
        <Rating rating={p.rating} count={p.review_count} />
      </a>
    </>
  );

  return (
    <article>
      <JsonLd data={productJsonLd(p)} />
      <JsonLd data={breadcrumbJsonLd(trail)} />
      <Breadcrumbs items={trail.map((c) => ({ name: c.name, href: c.path }))} />

      {first ? (
        <VariantProvider variants={p.variants} defaultSku={first.sku}>
          <div className="grid gap-8 lg:grid-cols-2">
            <Gallery images={p.images} title={p.title} />
            <div>
              {info}
              <div className="mt-4">
                <PurchasePanel productId={p.id} slug={p.slug} title={p.title} />
              </div>
            </div>
          </div>
        </VariantProvider>
      ) : (
        <div className="grid gap-8 lg:grid-cols-2">
          <Gallery images={p.images} title={p.title} />
          <div>
            {info}
            <div className="mt-4">
              {p.price ? <Price price={p.price} mrp={p.mrp} discountPercent={p.discount_percent} size="lg" /> : null}
              <p className="mt-2 font-semibold text-red-700">Currently unavailable</p>
              <CompareButton slug={p.slug} title={p.title} />
            </div>
          </div>
        </div>
      )}

      <div className="mt-12 grid gap-12 lg:grid-cols-2">
        <section aria-labelledby="about-heading">
          <h2 id="about-heading" className="mb-3 text-xl font-bold">
            About this phone
          </h2>
          <div className="space-y-3 whitespace-pre-line leading-7 text-ink">{p.description || "No description yet."}</div>
        </section>
        <section aria-labelledby="specs-heading">
          <h2 id="specs-heading" className="mb-3 text-xl font-bold">
            Specifications
          </h2>
          <Specs product={p} />
        </section>
      </div>

      <section id="reviews" aria-labelledby="reviews-heading" className="mt-12 scroll-mt-4">
        <h2 id="reviews-heading" className="mb-4 text-xl font-bold">
          Ratings and reviews
        </h2>
        <Suspense fallback={<ReviewsSkeleton />}>
          <Reviews product={p} />
        </Suspense>
      </section>

      <section aria-labelledby="related-heading" className="mt-12">
        <h2 id="related-heading" className="mb-4 text-xl font-bold">
          Related phones
        </h2>
        <Suspense fallback={<ProductGridSkeleton count={4} />}>
          <Related product={p} />
        </Suspense>
      </section>
    </article>
  );
}
