import type { ReactNode } from "react";
import { getBrands } from "@/lib/api";
import { plural } from "@/lib/format";
import type { ListingQuery, MultiKey } from "@/lib/query";
import type { Listing as ListingData } from "@/lib/types";
import { ProductGrid } from "../ProductGrid";
import { ActiveFilters } from "./ActiveFilters";
import { Filters } from "./Filters";
import { ListingShell, PendingRegion } from "./ListingShell";
import { Pagination } from "./Pagination";
import { SortSelect } from "./SortSelect";

interface Props {
  pathname: string;
  query: ListingQuery;
  data: ListingData;
  header: ReactNode;
  locked?: MultiKey[];
  allowRelevance?: boolean;
  empty?: ReactNode;
  /** Why the grid is empty when the API refused the filters. */
  invalid?: string;
}

async function brandNameMap(): Promise<Record<string, string>> {
  try {
    return Object.fromEntries((await getBrands()).map((b) => [b.slug, b.name]));
  } catch {
    return {};
  }
}

/** The shared grid page: filter panel (facet counts from the API), applied filters, sort, grid, pages. */
export async function Listing({ pathname, query, data, header, locked = [], allowRelevance = false, empty, invalid }: Props) {
  const brandNames = await brandNameMap();
  return (
    <ListingShell>
      {header}
      <div className="grid gap-6 lg:grid-cols-[15rem_1fr]">
        <aside aria-label="Filters" className="lg:sticky lg:top-4 lg:self-start">
          <Filters query={query} facets={data.facets} price={data.price} locked={locked} brandNames={brandNames} />
        </aside>
        <section aria-labelledby="results-heading">
          <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h2 id="results-heading" className="text-sm text-muted" aria-live="polite" data-testid="result-count" data-count={data.count}>
              {plural(data.count, "phone")}
              {data.totalPages > 1 ? ` · page ${data.page} of ${data.totalPages}` : ""}
            </h2>
            <SortSelect query={query} allowRelevance={allowRelevance} />
          </div>
          <ActiveFilters pathname={pathname} query={query} brandNames={brandNames} locked={locked} />
          <PendingRegion>
            {invalid ? (
              <p role="alert" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
                Some filters in this address are not valid ({invalid}). Change or clear them to see phones.
              </p>
            ) : null}
            {data.results.length ? (
              <ProductGrid products={data.results} eagerCount={4} />
            ) : (
              (empty ?? (
                <div className="rounded-xl border border-dashed border-gray-300 p-10 text-center" data-testid="empty-results">
                  <p className="text-lg font-semibold">No phones match these filters.</p>
                  <p className="mt-1 text-muted">Try removing a filter or widening the price range.</p>
                </div>
              ))
            )}
            <Pagination pathname={pathname} query={query} page={data.page} totalPages={data.totalPages} />
          </PendingRegion>
        </section>
      </div>
    </ListingShell>
  );
}
