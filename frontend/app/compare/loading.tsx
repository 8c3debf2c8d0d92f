export default function Loading() {
  return (
    <div role="status" aria-label="Loading comparison" className="min-h-screen">
      <h1 className="mb-6 text-3xl font-bold">Compare phones</h1>
      <div className="skeleton h-96 w-full rounded-xl" />
    </div>
  );
}
