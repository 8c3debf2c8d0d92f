"use client";

import Link from "next/link";
import { useState } from "react";
import { formatPrice } from "@/lib/format";
import { useSessionHint } from "@/lib/store-client";
import type { AlertKind } from "@/lib/types";
import { startAlert, stopAlert, useAlerts } from "@/lib/wishlist-store";
import { useVariant } from "../product/VariantContext";

const LABELS: Record<AlertKind, string> = {
  back_in_stock: "Notify me when it is back",
  price_drop: "Tell me if the price drops",
};

/**
 * The product page's alerts on the chosen variant: "Notify me" while it is out of stock, "Tell me if the price
 * drops" always (with the price shown now as the one to beat). Toggle buttons (aria-pressed) for a signed-in
 * shopper; a guest's are links to sign in that come back to this variant.
 */
export function AlertButtons({ slug }: { slug: string }) {
  const { variant } = useVariant();
  const hint = useSessionHint();
  const signedIn = Boolean(hint?.signedIn);
  const { ready, alerts } = useAlerts(signedIn);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const kinds: AlertKind[] = variant.in_stock ? ["price_drop"] : ["back_in_stock", "price_drop"];

  if (!hint) return <div className="mt-4 min-h-9" />; // the session is read after hydration
  if (!signedIn) {
    const back = `/product/${slug}?variant=${encodeURIComponent(variant.sku)}`;
    return (
      <ul className="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid="alert-buttons">
        {kinds.map((kind) => (
          <li key={kind}>
            <Link href={`/login?next=${encodeURIComponent(back)}`} className="inline-flex min-h-6 items-center font-medium text-brand-800 underline" data-testid={`alert-${kind}`}>
              {LABELS[kind]}
              <span className="sr-only"> (sign in first)</span>
            </Link>
          </li>
        ))}
      </ul>
    );
  }

  async function toggle(kind: AlertKind) {
    const current = alerts.find((a) => a.kind === kind && a.variant.id === variant.id);
    setBusy(true);
    const result = current ? await stopAlert(current.id) : await startAlert(variant.id, kind, kind === "price_drop" ? variant.price : undefined);
    if (!result.ok) setMessage(result.message);
    else if (current) setMessage("Alert stopped.");
    else setMessage(kind === "back_in_stock" ? "We will email you when it is back in stock." : `We will email you if it costs less than ${formatPrice(variant.price)}.`);
    setBusy(false);
  }

  return (
    <div className="mt-4" data-testid="alert-buttons">
      <div className="flex flex-wrap gap-2">
        {kinds.map((kind) => {
          const on = alerts.some((a) => a.kind === kind && a.variant.id === variant.id);
          return (
            <button
              key={kind}
              type="button"
              aria-pressed={on}
              disabled={!ready || busy}
              onClick={() => toggle(kind)}
              className={`inline-flex min-h-9 items-center gap-2 rounded-md border px-3 py-1 text-sm font-medium ${on ? "border-brand-700 bg-brand-50 text-brand-900" : "border-gray-300 text-brand-800 hover:bg-brand-50"}`}
              data-testid={`alert-${kind}`}
            >
              <span aria-hidden="true">{on ? "✓" : "🔔"}</span>
              {LABELS[kind]}
            </button>
          );
        })}
      </div>
      <p role="status" className="mt-1 min-h-4 text-xs" data-testid="alert-status">
        {message}
      </p>
    </div>
  );
}
