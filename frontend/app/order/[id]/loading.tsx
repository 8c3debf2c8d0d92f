/** /order/[id] while the order page renders (its tracking is read after layout.tsx found the order). */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading your order" className="min-h-screen space-y-8">
      <span className="sr-only">Loading your order…</span>
      <div className="flex flex-wrap items-end justify-between gap-3" aria-hidden="true">
        <div className="space-y-2">
          <div className="skeleton h-4 w-32 rounded" />
          <div className="skeleton h-9 w-72 rounded" />
          <div className="skeleton h-4 w-40 rounded" />
        </div>
        <div className="skeleton h-7 w-28 rounded-full" />
      </div>
      <div className="skeleton h-14 w-full rounded-lg" aria-hidden="true" />
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]" aria-hidden="true">
        <div className="space-y-8">
          <div className="skeleton h-40 w-full rounded-xl" />
          <div className="skeleton h-20 w-full rounded-xl" />
        </div>
        <div className="space-y-4">
          <div className="skeleton h-64 w-full rounded-xl" />
          <div className="skeleton h-24 w-full rounded-xl" />
        </div>
      </div>
    </div>
  );
}
