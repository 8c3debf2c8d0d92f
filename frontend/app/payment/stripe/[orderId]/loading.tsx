/** /payment/stripe/[orderId] while the order's quote in each currency is read. */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading card payment" className="mx-auto min-h-screen max-w-2xl space-y-6">
      <span className="sr-only">Loading card payment…</span>
      <div className="space-y-2" aria-hidden="true">
        <div className="skeleton h-9 w-3/4 rounded" />
        <div className="skeleton h-4 w-full rounded" />
      </div>
      <div className="space-y-3 rounded-xl border border-gray-200 p-4" aria-hidden="true">
        <div className="skeleton h-6 w-20 rounded" />
        <div className="grid gap-2 sm:grid-cols-2">
          {Array.from({ length: 4 }, (_, i) => (
            <div key={i} className="skeleton h-12 w-full rounded-lg" />
          ))}
        </div>
      </div>
      <div className="skeleton h-56 w-full rounded-xl" aria-hidden="true" />
    </div>
  );
}
