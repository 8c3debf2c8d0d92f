"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/lib/format";
import { StoreError, store } from "@/lib/store-client";

/**
 * Cash on delivery: the 6-digit code sent to the order's mobile (by SMS, else email) confirms the order. A wrong
 * code says how many tries are left; "Send a new code" replaces it (a few times per order).
 */
export function CodConfirmForm({ orderId, phone, expiresAt }: { orderId: number; phone: string; expiresAt: string | null }) {
  const router = useRouter();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [info, setInfo] = useState("");

  async function onConfirm(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setError("Enter the 6-digit code.");
      return;
    }
    setBusy(true);
    setError("");
    setInfo("");
    try {
      await store(`orders/${orderId}/cod/confirm/`, { method: "POST", body: { code } });
      router.push(`/order/${orderId}`);
      router.refresh();
    } catch (err) {
      setBusy(false);
      setError(err instanceof StoreError ? err.message : "Something went wrong. Please try again.");
      if (err instanceof StoreError && err.status === 409) router.refresh();
    }
  }

  async function onResend() {
    setBusy(true);
    setError("");
    setInfo("");
    try {
      const sent = await store<{ channel: string; sends_left: number }>(`orders/${orderId}/cod/resend/`, { method: "POST" });
      setInfo(`A new code is on its way${sent.channel === "email" ? " to your email" : ""}. ${sent.sends_left} more can be sent.`);
    } catch (err) {
      setError(err instanceof StoreError ? err.message : "Something went wrong. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onConfirm} className="space-y-4 rounded-xl border-2 border-amber-300 bg-amber-50 p-4" data-testid="cod-confirm">
      <p className="text-sm">
        We sent a 6-digit code to {phone ? <span className="font-semibold">+91 {phone}</span> : "your mobile"}.
        {expiresAt ? ` Confirm by ${formatDateTime(expiresAt)}, or the order is cancelled.` : null}
      </p>
      <label className="block text-sm font-semibold" htmlFor="cod-code">
        Confirmation code
      </label>
      <input
        id="cod-code"
        className="input w-40 text-center text-lg tracking-widest"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
        data-testid="cod-code"
      />
      {error ? (
        <p role="alert" className="text-sm text-red-700" data-testid="cod-error">
          {error}
        </p>
      ) : null}
      {info ? (
        <p role="status" className="text-sm text-green-800">
          {info}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="cod-submit">
          Confirm order
        </button>
        <button type="button" className="btn" onClick={onResend} disabled={busy} data-testid="cod-resend">
          Send a new code
        </button>
      </div>
    </form>
  );
}
