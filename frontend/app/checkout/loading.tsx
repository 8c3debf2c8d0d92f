/** /checkout while the cart, addresses and payment methods are read (after layout.tsx let the shopper in). */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading checkout" className="min-h-screen">
      <span className="sr-only">Loading checkout…</span>
      <h1 className="mb-6 text-2xl font-bold sm:text-3xl">Checkout</h1>
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]" aria-hidden="true">
        <div className="space-y-8">
          <div className="space-y-3 rounded-xl border border-gray-200 p-4">
            <div className="skeleton h-6 w-48 rounded" />
            {Array.from({ length: 4 }, (_, i) => (
              <div key={i} className="skeleton h-10 w-full rounded" />
            ))}
          </div>
          <div className="space-y-3 rounded-xl border border-gray-200 p-4">
            <div className="skeleton h-6 w-32 rounded" />
            {Array.from({ length: 3 }, (_, i) => (
              <div key={i} className="skeleton h-12 w-full rounded-lg" />
            ))}
          </div>
        </div>
        <div className="space-y-4">
          <div className="skeleton h-72 w-full rounded-xl" />
          <div className="skeleton h-12 w-full rounded-lg" />
        </div>
      </div>
    </div>
  );
}
