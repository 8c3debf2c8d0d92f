import { ProductGridSkeleton } from "../ProductGrid";

/** `heading={false}`: the page has already shown its own heading above (the search page's results). */
export function ListingSkeleton({ title, heading = true }: { title?: string; heading?: boolean }) {
  return (
    <div className="min-h-screen">
      {heading ? <div className="skeleton mb-4 h-5 w-40 rounded" /> : null}
      {!heading ? null : title ? <h1 className="mb-6 text-3xl font-bold">{title}</h1> : <div className="skeleton mb-6 h-9 w-72 rounded" />}
      <div className="grid gap-6 lg:grid-cols-[15rem_1fr]">
        <div className="hidden space-y-3 lg:block" aria-hidden="true">
          {Array.from({ length: 10 }, (_, i) => (
            <div key={i} className="skeleton h-6 w-full rounded" />
          ))}
        </div>
        <div>
          <div className="skeleton mb-4 h-8 w-full rounded" />
          <ProductGridSkeleton count={8} />
        </div>
      </div>
    </div>
  );
}
