"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { legalPath } from "@/lib/legal-pages";
import { StoreError, store } from "@/lib/store-client";
import type { ConsentChoice, Consents, ErasureInfo } from "@/lib/types";
import { Field, FormError } from "./Field";

/**
 * Marketing consents, each switched on or off in one click: on records the exact words shown here
 * (POST /api/account/consents/ with their text_version), off withdraws it (DELETE .../{purpose}/{channel}/).
 */
export function ConsentToggles({ initial }: { initial: Consents }) {
  const [choices, setChoices] = useState<ConsentChoice[]>(initial.choices);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState("");

  async function toggle(choice: ConsentChoice) {
    const key = `${choice.purpose}/${choice.channel}`;
    setBusy(key);
    setMessage("");
    try {
      const answer = choice.given
        ? await store<Consents>(`account/consents/${key}/`, { method: "DELETE" })
        : await store<Consents>("account/consents/", {
            method: "POST",
            body: { purpose: choice.purpose, channel: choice.channel, text_version: choice.text_version },
          });
      setChoices(answer.choices);
    } catch (err) {
      setMessage(err instanceof StoreError ? err.message : "Something went wrong. Please try again.");
      if (err instanceof StoreError && err.code === "consent_text_changed") {
        // The words changed since this page was drawn: show the new ones before asking again.
        const fresh = await store<Consents>("account/consents/").catch(() => null);
        if (fresh) setChoices(fresh.choices);
      }
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-3" data-testid="consents">
      <FormError message={message} />
      {choices.map((choice) => {
        const key = `${choice.purpose}/${choice.channel}`;
        const id = `consent-${choice.purpose}-${choice.channel}`;
        return (
          <div key={key} className="flex items-start gap-3">
            <input
              id={id}
              type="checkbox"
              className="mt-1 h-5 w-5 shrink-0"
              checked={choice.given}
              disabled={busy !== null}
              onChange={() => toggle(choice)}
              data-testid={`consent-${choice.channel}`}
            />
            <label htmlFor={id} className="text-sm">
              <span className="block font-semibold">{choice.label}</span>
              <span className="text-muted">{choice.text}</span>
              {choice.given && choice.given_at ? (
                <span className="block text-xs text-muted">Agreed on {new Date(choice.given_at).toLocaleDateString("en-IN")}. Untick to stop at once.</span>
              ) : null}
            </label>
          </div>
        );
      })}
    </div>
  );
}

/** "Download my data": the API's JSON answer saved as a file (the request is audited and acknowledged by email, or by SMS to an account without one). */
export function DownloadData() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");

  async function download() {
    setBusy(true);
    setMessage("");
    try {
      const data = await store<{ generated_at: string }>("account/export/", { method: "POST", body: {} });
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `phonestore-data-${(data.generated_at ?? "").slice(0, 10)}.json`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
      setMessage("Your data is downloaded. We have sent you a message to confirm it.");
    } catch (err) {
      setMessage(err instanceof StoreError ? err.message : "Something went wrong. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      <p className="text-sm text-muted">
        A copy of everything we hold about you (profile, addresses, orders, reviews, consents) as a JSON file.
      </p>
      <button type="button" className="btn btn-secondary" onClick={download} disabled={busy} data-testid="download-data">
        {busy ? "Preparing…" : "Download my data"}
      </button>
      <p role="status" className="text-sm">
        {message}
      </p>
    </div>
  );
}

/**
 * "Delete my account": what goes and what stays (from the API, the one description of the erasure), then a
 * confirmation by password or by a code sent by email (by SMS to an account without email). Afterwards the session is gone (the route handler clears it).
 */
export function DeleteAccount({ info }: { info: ErasureInfo }) {
  const [deleted, setDeleted] = useState(false);
  const byPassword = info.confirm_with.includes("password");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [codeSent, setCodeSent] = useState("");
  const [understood, setUnderstood] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  async function sendCode() {
    setBusy(true);
    setMessage("");
    try {
      const sent = await store<{ sent_to: string; expires_in_minutes: number }>("account/erasure/code/", { method: "POST", body: {} });
      setCodeSent(`We sent a code to ${sent.sent_to}. It works for ${sent.expires_in_minutes} minutes.`);
    } catch (err) {
      setMessage(err instanceof StoreError ? err.message : "Something went wrong. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !understood) return;
    setBusy(true);
    setErrors({});
    setMessage("");
    try {
      await store("account/erasure/", { method: "POST", body: codeSent || !byPassword ? { code } : { password } });
      setDeleted(true);
    } catch (err) {
      if (err instanceof StoreError) {
        setErrors(err.fields);
        if (!err.fields.password && !err.fields.code) setMessage(err.message);
      } else {
        setMessage("Something went wrong. Please try again.");
      }
      setBusy(false);
    }
  }

  if (deleted) {
    return (
      <div role="status" className="space-y-2 rounded-md border border-gray-200 bg-gray-50 p-4" data-testid="account-deleted">
        <p className="font-semibold">Your account is deleted.</p>
        <p className="text-sm text-muted">You are signed out everywhere. We have sent you a message to confirm it.</p>
        <Link href="/" className="btn btn-secondary">
          Back to the shop
        </Link>
      </div>
    );
  }

  return (
    <div className="space-y-4" data-testid="delete-account">
      <div className="grid gap-4 text-sm sm:grid-cols-2">
        <div>
          <h4 className="font-semibold">What we erase</h4>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-muted" data-testid="erased">
            {info.erased.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
        <div>
          <h4 className="font-semibold">What we keep, and why</h4>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-muted" data-testid="kept">
            {info.kept.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      </div>
      <p className="text-sm text-muted">
        More in our{" "}
        <Link href={legalPath("privacy")} className="text-brand-800 underline">
          privacy notice
        </Link>
        .
      </p>
      {!info.allowed ? (
        <div role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="erasure-blocked">
          {info.blockers.map((b) => (
            <p key={b.code}>{b.message}</p>
          ))}
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="space-y-3">
          <fieldset disabled={busy} className="space-y-3">
            <FormError message={message} />
            {byPassword && !codeSent ? (
              <Field
                label="Your password"
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                errors={errors.password}
              />
            ) : null}
            {codeSent || !byPassword ? (
              <Field
                label="The code we sent you"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
                errors={errors.code}
                hint={codeSent || undefined}
              />
            ) : null}
            {!codeSent ? (
              <button type="button" className="text-sm font-semibold text-brand-800 underline" onClick={sendCode}>
                {byPassword ? "No password? Email me a code instead" : "Email me a code"}
              </button>
            ) : null}
            <div className="flex items-start gap-2 text-sm">
              <input id="erase-understood" type="checkbox" className="mt-1 h-5 w-5" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
              <label htmlFor="erase-understood">I understand that my account is deleted for good and I can no longer sign in.</label>
            </div>
            <button type="submit" className="btn bg-red-700 text-white hover:bg-red-800" disabled={busy || !understood} data-testid="delete-account-submit">
              {busy ? "Deleting…" : "Delete my account"}
            </button>
          </fieldset>
        </form>
      )}
    </div>
  );
}
