"use client";

import { useId, useState, type FormEvent } from "react";
import { ClientApiError, fetchShippingEstimate } from "@/lib/client-api";
import { formatDate } from "@/lib/format";
import type { ShippingEstimate } from "@/lib/types";

type State =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "ok"; estimate: ShippingEstimate }
  | { kind: "invalid"; message: string }
  | { kind: "unavailable" };

/** Delivery date for a pincode from /api/shipping/estimate/; says so plainly when the service is not there. */
export function DeliveryEstimate({ variantId }: { variantId: number }) {
  const id = useId();
  const [pincode, setPincode] = useState("");
  const [state, setState] = useState<State>({ kind: "idle" });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!/^[1-9]\d{5}$/.test(pincode)) {
      setState({ kind: "invalid", message: "Enter a valid 6-digit pincode." });
      return;
    }
    setState({ kind: "loading" });
    try {
      setState({ kind: "ok", estimate: await fetchShippingEstimate(pincode, variantId) });
    } catch (err) {
      if (err instanceof ClientApiError && err.status === 400) setState({ kind: "invalid", message: err.message || "We don’t deliver to that pincode yet." });
      else setState({ kind: "unavailable" });
    }
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 rounded-xl border border-gray-200 p-4" noValidate>
      <label htmlFor={`${id}-pin`} className="text-sm font-semibold">
        Check delivery date
      </label>
      <div className="mt-2 flex gap-2">
        <input
          id={`${id}-pin`}
          inputMode="numeric"
          autoComplete="postal-code"
          maxLength={6}
          placeholder="6-digit pincode"
          value={pincode}
          onChange={(e) => setPincode(e.target.value.replace(/\D/g, "").slice(0, 6))}
          aria-describedby={`${id}-result`}
          aria-invalid={state.kind === "invalid"}
          className="h-10 w-40 rounded-md border border-gray-400 px-3 text-sm"
          data-testid="pincode-input"
        />
        <button type="submit" className="btn btn-secondary py-2" disabled={state.kind === "loading"}>
          {state.kind === "loading" ? "Checking…" : "Check"}
        </button>
      </div>
      <p id={`${id}-result`} role="status" className="mt-2 min-h-5 text-sm" data-testid="delivery-result">
        {state.kind === "ok"
          ? `Delivery by ${formatDate(state.estimate.eta_date)} (${state.estimate.min_days}–${state.estimate.max_days} days) to ${state.estimate.pincode}.`
          : state.kind === "invalid"
            ? <span className="text-red-700">{state.message}</span>
            : state.kind === "unavailable"
              ? <span className="text-muted">Delivery estimates aren’t available right now; we ship across India.</span>
              : null}
      </p>
    </form>
  );
}
