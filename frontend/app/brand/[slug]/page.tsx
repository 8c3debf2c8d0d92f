import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { JsonLd } from "@/components/JsonLd";
import { Listing } from "@/components/listing/Listing";
import { getBrand, getProducts } from "@/lib/api";
import { listingCanonical, loadListing } from "@/lib/listing";
import { parseListingQuery } from "@/lib/query";
import { breadcrumbJsonLd, pageMetadata } from "@/lib/seo";

export async function generateMetadata({ params, searchParams }: PageProps<"/brand/[slug]">): Promise<Metadata> {
  const { slug } = await params;
  const brand = await getBrand(slug);
  if (!brand) notFound();
  const query = parseListingQuery(await searchParams);
  return pageMetadata({
    title: `${brand.name} mobile phones: prices and offers`,
    description: `Buy ${brand.name} phones online: ${brand.product_count} models with prices in ₹ (GST included), specs, reviews and delivery across India.`,
    path: listingCanonical(`/brand/${slug}`, query),
  });
}

export default async function BrandPage({ params, searchParams }: PageProps<"/brand/[slug]">) {
  const { slug } = await params;
  // Checked before anything streams, so an unknown brand answers with a real 404 status.
  const brand = await getBrand(slug);
  if (!brand) notFound();
  const query = parseListingQuery(await searchParams);
  const { data, invalid } = await loadListing(() => getProducts({ ...query, brand: [slug] }));
  const path = `/brand/${slug}`;
  return (
    <Listing
      pathname={path}
      query={query}
      data={data}
      invalid={invalid}
      locked={["brand"]}
      header={
        <>
          <JsonLd data={breadcrumbJsonLd([{ name: "Home", path: "/" }, { name: "All phones", path: "/shop" }, { name: brand.name, path }])} />
          <Breadcrumbs items={[{ name: "Home", href: "/" }, { name: "All phones", href: "/shop" }, { name: brand.name }]} />
          <h1 className="mb-6 text-3xl font-bold">{brand.name} mobile phones</h1>
        </>
      }
    />
  );
}
