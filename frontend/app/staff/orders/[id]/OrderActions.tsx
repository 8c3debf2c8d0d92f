"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { StaffOrderDetail } from "@/lib/staff-types";
import { consoleCall, refusalMessage } from "../../_components/console-client";

type Step = StaffOrderDetail["next_steps"][number];

/**
 * What staff may do to the order now: its lifecycle moves (next_steps) and the other open actions (actions), both
 * the API's answer. Each posts through the console's door; a refusal shows the API's message, a success is
 * announced (aria-live) and the page reads the order again.
 */
export function OrderActions({ order }: { order: StaffOrderDetail }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");
  const [error, setError] = useState("");
  const [confirming, setConfirming] = useState(false);

  async function run(label: string, path: string, body: unknown) {
    setBusy(true);
    setError("");
    setDone("");
    try {
      await consoleCall(path, { body });
      setDone(`${label}: done.`);
      setConfirming(false);
      router.refresh();
    } catch (err) {
      setError(refusalMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const moves = order.next_steps.filter((s) => s.action !== "cancel");
  const cancel = order.next_steps.find((s) => s.action === "cancel");
  const move = (s: Step) => run(`Marked ${s.label.toLowerCase()}`, `orders/${order.id}/transition/`, { to: s.to_status });
  const hasFiles = Boolean(order.invoice) || Boolean(order.shipment?.awb);
  const nothing = !moves.length && !cancel && !order.actions.book_shipment && !order.actions.refund && !order.actions.record_units;

  return (
    <section aria-labelledby="actions-title" className="rounded-xl border border-gray-200 bg-white p-4">
      <h2 id="actions-title" className="mb-3 text-lg font-bold">
        Actions
      </h2>
      <div className="flex flex-wrap items-center gap-3">
        {order.actions.record_units && (
          <Link href={`/staff/orders/${order.id}/pack`} className="btn btn-primary">
            Pack: scan the IMEIs
          </Link>
        )}
        {order.actions.book_shipment && (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => run("Shipment booked", `orders/${order.id}/shipment/`, {})}>
            Book the shipment
          </button>
        )}
        {moves.map((s) => (
          <button key={s.to_status} type="button" className="btn btn-primary" disabled={busy} onClick={() => move(s)}>
            Mark {s.label.toLowerCase()}
          </button>
        ))}
        {order.actions.refund && (
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => run("Refund requested", `orders/${order.id}/refund/`, {})}>
            Refund the payment
          </button>
        )}
        {cancel &&
          (confirming ? (
            <span className="flex flex-wrap items-center gap-2 rounded-lg bg-red-50 p-2">
              <span className="text-sm font-medium text-red-900">Cancel this order? Stock goes back; money paid is refunded.</span>
              <button type="button" className="btn bg-red-700 text-white hover:bg-red-800" disabled={busy} onClick={() => move(cancel)}>
                Yes, cancel it
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </span>
          ) : (
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setConfirming(true)}>
              Cancel the order…
            </button>
          ))}
        {nothing && <p className="text-sm text-muted">Nothing to do: the order is {order.status_label.toLowerCase()}.</p>}
      </div>
      {hasFiles && (
        <p className="mt-3 flex flex-wrap gap-4 text-sm">
          {order.invoice && (
            <a href={`/api/console/orders/${order.id}/invoice/`} className="font-medium underline" data-testid="invoice-link">
              Tax invoice {order.invoice.number} (PDF)
            </a>
          )}
          {order.shipment?.awb && (
            <a href={`/api/console/orders/${order.id}/label/`} className="font-medium underline" data-testid="label-link">
              Shipping label (PDF)
            </a>
          )}
          {!order.actions.record_units && order.items.some((i) => i.imei_required) && (
            <Link href={`/staff/orders/${order.id}/pack`} className="font-medium underline">
              Packing screen
            </Link>
          )}
        </p>
      )}
      <p aria-live="polite" className="mt-2 text-sm font-medium text-green-800" data-testid="action-done">
        {done}
      </p>
      {error && (
        <p role="alert" className="mt-2 rounded-md bg-red-50 p-2 text-sm font-medium text-red-900" data-testid="action-error">
          {error}
        </p>
      )}
    </section>
  );
}
