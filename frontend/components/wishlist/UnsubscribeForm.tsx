"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { StoreError, storeFetch } from "@/lib/store-client";
import type { Unsubscribed } from "@/lib/types";

const INVALID = "This unsubscribe link is not valid. Open it from the message again, or sign in to stop your alerts.";

/**
 * /alerts/unsubscribe?token=…: the button sends the link's token to /api/alerts/unsubscribe. Nothing is stopped
 * by opening the page (mail scanners open links too); the click does it. The API's answer is shown: what was
 * stopped, or why the link no longer works, with the way to the account's alerts.
 */
export function UnsubscribeForm({ token }: { token: string }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");
  const [error, setError] = useState(token ? "" : INVALID);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const answer = await storeFetch<Unsubscribed>("/api/alerts/unsubscribe", { method: "POST", body: { token } });
      setDone(answer.message);
    } catch (err) {
      setError(err instanceof StoreError ? (Object.keys(err.fields).length ? INVALID : err.message) : "Something went wrong. Please try again.");
    }
    setBusy(false);
  }

  const manage = (
    <p className="text-sm">
      <Link href="/account/wishlist" className="font-semibold text-brand-800 underline">
        Your wishlist and alerts
      </Link>{" "}
      (sign-in needed)
    </p>
  );
  if (done)
    return (
      <div className="mt-6 space-y-4">
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="unsubscribe-done">
          {done}
        </p>
        {manage}
      </div>
    );
  return (
    <div className="mt-6 space-y-4">
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="unsubscribe-error">
          {error}
        </p>
      ) : null}
      {token ? (
        <form onSubmit={submit} data-testid="unsubscribe-form">
          <p className="mb-4 text-muted">You will get no more emails about these alerts. Your wishlist stays as it is.</p>
          <button type="submit" className="btn btn-primary w-full py-3" disabled={busy}>
            {busy ? "Stopping…" : "Stop these alerts"}
          </button>
        </form>
      ) : null}
      {manage}
    </div>
  );
}
