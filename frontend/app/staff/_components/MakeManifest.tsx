"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatPrice, plural } from "@/lib/format";
import type { ManifestDetail } from "@/lib/staff-types";
import { consoleCall, refusalMessage } from "./console-client";
import { manifestFileUrl } from "./files";

/**
 * "Make today's manifest": POST /api/console/manifests/ (the API picks the parcels, asks the carrier, stores the PDF),
 * then the download link, announced politely; the page is refreshed so the counts and the list follow.
 */
export function MakeManifest({ pending, todaysManifest }: { pending: number; todaysManifest: number | null }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<ManifestDetail | null>(null);
  const [error, setError] = useState("");

  async function make() {
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      const manifest = await consoleCall<ManifestDetail>("manifests/", { body: {} });
      setMade(manifest);
      router.refresh();
    } catch (err) {
      setError(refusalMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const blocked = todaysManifest !== null && !made;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" className="btn btn-primary" onClick={make} disabled={busy || pending === 0 || blocked} aria-describedby="manifest-status">
        {busy ? "Making the manifest…" : "Make today's manifest"}
      </button>
      <p id="manifest-status" role="status" className="text-sm" data-testid="manifest-status">
        {made ? (
          <>
            Manifest made: {plural(made.shipment_count, "parcel")}
            {made.cod_count ? `, ${formatPrice(made.cod_total)} cash on delivery` : ""}.{" "}
            <a href={manifestFileUrl(made.id)} download className="font-medium underline" data-testid="manifest-download">
              Download today&apos;s manifest (PDF)
            </a>
          </>
        ) : blocked ? (
          <>
            Today&apos;s manifest is made; parcels booked since go in tomorrow&apos;s.{" "}
            <a href={manifestFileUrl(todaysManifest)} download className="underline">
              Download it (PDF)
            </a>
          </>
        ) : null}
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="manifest-error">
          {error}
        </p>
      )}
    </div>
  );
}
