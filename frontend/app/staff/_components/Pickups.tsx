import { formatDate, formatDateTime, formatPrice, plural } from "@/lib/format";
import { getPickups } from "@/lib/server/staff";
import { manifestFileUrl } from "./files";
import { MakeManifest } from "./MakeManifest";

/**
 * Today's pickups: the parcels booked and awaiting the courier outside a manifest, the button that makes today's
 * manifest with the carrier, and the latest manifests to download (the API decides what a manifest holds).
 */
export async function Pickups() {
  const { pending, manifests } = await getPickups();
  return (
    <section aria-labelledby="pickups">
      <h2 id="pickups" className="mb-1 text-xl font-bold">
        Today&apos;s pickups
      </h2>
      <p className="mb-3 text-sm text-muted" data-testid="pickups-pending">
        {pending.count
          ? `${plural(pending.count, "parcel")} booked and awaiting pickup without a manifest` +
            (pending.cod_count ? `, ${pending.cod_count} cash on delivery (${formatPrice(pending.cod_total)} to collect).` : ".")
          : "No booked parcel awaits a manifest."}
      </p>
      <MakeManifest pending={pending.count} todaysManifest={pending.manifest_id ?? null} />
      {manifests.length > 0 && (
        <div className="mt-4 overflow-x-auto rounded-xl border border-gray-200 bg-white">
          <table className="w-full text-sm" data-testid="manifests">
            <caption className="sr-only">The latest pickup manifests, newest day first</caption>
            <thead className="border-b border-gray-200 bg-gray-50">
              <tr>
                <th scope="col" className="px-3 py-2 text-left">Day</th>
                <th scope="col" className="px-3 py-2 text-left">Carrier</th>
                <th scope="col" className="px-3 py-2 text-right">Parcels</th>
                <th scope="col" className="px-3 py-2 text-right">Cash on delivery</th>
                <th scope="col" className="px-3 py-2 text-left">Made</th>
                <th scope="col" className="px-3 py-2 text-left">File</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {manifests.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="px-3 py-2 text-left font-normal">{formatDate(m.date)}</th>
                  <td className="px-3 py-2">{m.provider}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{m.shipment_count}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {m.cod_count ? `${formatPrice(m.cod_total)} (${m.cod_count})` : "None"}
                  </td>
                  <td className="px-3 py-2">{formatDateTime(m.created_at)}</td>
                  <td className="px-3 py-2">
                    <a href={manifestFileUrl(m.id)} download className="underline">
                      Download<span className="sr-only"> the {formatDate(m.date)} manifest</span> (PDF)
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
