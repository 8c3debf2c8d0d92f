/** /account while the orders and addresses are read (after layout.tsx let the shopper in). */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading your account" className="min-h-screen space-y-10">
      <span className="sr-only">Loading your account…</span>
      <div className="flex flex-wrap items-center justify-between gap-3" aria-hidden="true">
        <div>
          <h1 className="text-2xl font-bold sm:text-3xl">Your account</h1>
          <div className="skeleton mt-1 h-5 w-48 rounded" />
        </div>
        <div className="skeleton h-10 w-24 rounded-lg" />
      </div>
      <section aria-hidden="true">
        <h2 className="mb-3 text-xl font-bold">Orders</h2>
        <div className="divide-y divide-gray-200 rounded-xl border border-gray-200">
          {Array.from({ length: 3 }, (_, i) => (
            <div key={i} className="flex items-center justify-between gap-2 p-3">
              <div className="space-y-1">
                <div className="skeleton h-5 w-40 rounded" />
                <div className="skeleton h-4 w-56 rounded" />
              </div>
              <div className="skeleton h-6 w-32 rounded" />
            </div>
          ))}
        </div>
      </section>
      <div className="grid gap-10 lg:grid-cols-2" aria-hidden="true">
        <section>
          <h2 className="mb-3 text-xl font-bold">Addresses</h2>
          <div className="skeleton h-40 w-full rounded-xl" />
        </section>
        <section>
          <h2 className="mb-3 text-xl font-bold">Profile</h2>
          <div className="skeleton h-40 w-full rounded-xl" />
        </section>
      </div>
    </div>
  );
}
