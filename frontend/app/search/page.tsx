import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { Listing } from "@/components/listing/Listing";
import { ListingSkeleton } from "@/components/listing/ListingSkeleton";
import { search } from "@/lib/api";
import { loadListing } from "@/lib/listing";
import { parseListingQuery, type ListingQuery } from "@/lib/query";
import { pageMetadata } from "@/lib/seo";

export async function generateMetadata({ searchParams }: PageProps<"/search">): Promise<Metadata> {
  const { q } = parseListingQuery(await searchParams);
  return pageMetadata({
    title: q ? `Search results for “${q}”` : "Search phones",
    description: q ? `Phones matching “${q}” at PhoneStore.` : "Search every phone at PhoneStore by name, brand or feature.",
    path: "/search",
    noindex: true,
  });
}

export default async function SearchPage({ searchParams }: PageProps<"/search">) {
  const query = parseListingQuery(await searchParams);
  if (!query.q) {
    return (
      <div className="py-10">
        <h1 className="text-3xl font-bold">Search phones</h1>
        <p className="mt-3 text-muted">
          Type a phone, brand or feature in the search box above, or{" "}
          <Link href="/shop" className="font-semibold text-brand-800 underline">
            browse all phones
          </Link>
          .
        </p>
      </div>
    );
  }
  // The heading is sent before the answer (it is the page's largest text on a phone, so its LCP): only the
  // results wait for the search (issue 21).
  return (
    <>
      <h1 className="mb-6 text-3xl font-bold">
        Results for <q data-testid="search-query">{query.q}</q>
      </h1>
      <Suspense fallback={<ListingSkeleton heading={false} />}>
        <SearchResults query={query} />
      </Suspense>
    </>
  );
}

async function SearchResults({ query }: { query: ListingQuery }) {
  const { data, invalid } = await loadListing(() => search(query));
  return (
    <Listing
      pathname="/search"
      query={query}
      data={data}
      invalid={invalid}
      allowRelevance
      header={null}
      empty={
        <div className="rounded-xl border border-dashed border-gray-300 p-10 text-center" data-testid="empty-results">
          <p className="text-lg font-semibold">No phones found for “{query.q}”.</p>
          <p className="mt-1 text-muted">Check the spelling, use fewer words, or browse by brand.</p>
        </div>
      }
    />
  );
}
