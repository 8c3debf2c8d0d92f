/** /cart while the cart is read: the page's own frame (title, lines, totals) in grey. */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading your cart" className="min-h-screen">
      <span className="sr-only">Loading your cart…</span>
      <h1 className="mb-6 text-2xl font-bold sm:text-3xl">Your cart</h1>
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]" aria-hidden="true">
        <div>
          <div className="skeleton h-5 w-32 rounded" />
          <ul>
            {Array.from({ length: 2 }, (_, i) => (
              <li key={i} className="flex gap-4 border-b border-gray-200 py-4">
                <div className="skeleton h-24 w-24 shrink-0 rounded-lg" />
                <div className="flex flex-1 flex-col gap-2">
                  <div className="skeleton h-5 w-2/3 rounded" />
                  <div className="skeleton h-4 w-1/3 rounded" />
                  <div className="skeleton h-4 w-1/4 rounded" />
                  <div className="skeleton mt-1 h-9 w-28 rounded-lg" />
                </div>
              </li>
            ))}
          </ul>
        </div>
        <div className="space-y-4">
          <div className="skeleton h-64 w-full rounded-xl" />
          <div className="skeleton h-12 w-full rounded-lg" />
        </div>
      </div>
    </div>
  );
}
