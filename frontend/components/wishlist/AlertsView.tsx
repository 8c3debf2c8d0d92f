"use client";

import Link from "next/link";
import { useState } from "react";
import { formatDate, formatPrice } from "@/lib/format";
import type { Alert } from "@/lib/types";
import { stopAlert, useAlerts } from "@/lib/wishlist-store";

/** The shopper's price and stock alerts, each with a way to stop it. */
export function AlertsView({ initial }: { initial: Alert[] }) {
  const { ready, alerts } = useAlerts(true, initial);
  const rows = ready ? alerts : initial;
  if (!rows.length)
    return (
      <p className="text-sm text-muted" data-testid="alerts-empty">
        No alerts. On a phone&apos;s page, ask to be told when it is back in stock or when its price drops.
      </p>
    );
  return (
    <ul className="divide-y divide-gray-200 rounded-xl border border-gray-200" data-testid="alerts">
      {rows.map((alert) => (
        <Row key={alert.id} alert={alert} />
      ))}
    </ul>
  );
}

function Row({ alert }: { alert: Alert }) {
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const v = alert.variant;

  async function stop() {
    setBusy(true);
    const result = await stopAlert(alert.id);
    if (!result.ok) {
      setMessage(result.message);
      setBusy(false);
    }
  }

  return (
    <li className="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="alert-row">
      <div>
        <Link href={`/product/${v.product_slug}?variant=${encodeURIComponent(v.sku)}`} prefetch={false} className="font-semibold hover:underline">
          {v.product_title}
        </Link>
        <p className="text-sm text-muted">{v.label}</p>
        <p className="text-sm">
          {alert.kind === "back_in_stock"
            ? "Tell me when it is back in stock"
            : `Tell me if it costs less than ${formatPrice(alert.seen_price)} (now ${formatPrice(v.price)})`}
          {alert.notified_at ? <span className="text-muted"> · last told {formatDate(alert.notified_at)}</span> : null}
        </p>
      </div>
      <div>
        <button type="button" className="btn btn-secondary px-3 py-1.5 text-sm" onClick={stop} disabled={busy} data-testid="alert-stop">
          Stop<span className="sr-only"> this alert: {v.product_title}</span>
        </button>
        <p role="status" className="min-h-4 text-xs text-red-700">
          {message}
        </p>
      </div>
    </li>
  );
}
