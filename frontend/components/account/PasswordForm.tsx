"use client";

import { useState, type FormEvent } from "react";
import { StoreError, storeFetch } from "@/lib/store-client";
import { Field, FormError } from "./Field";
import { NewPasswordFields, confirmationErrors } from "./NewPasswordFields";

const FIELDS = ["old_password", "new_password"] as const;

/**
 * Change the password through /api/store/auth/password/change (the BFF keeps the fresh token pair in the cookies): the API checks the current password and the policy
 * for the new one (its field errors are shown next to the fields), signs every other device out, and the
 * route handler keeps this browser signed in with the fresh tokens. "Confirm" is only checked here, as a
 * convenience; it is never sent.
 */
export function PasswordForm({ email }: { email: string }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState("");
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage("");
    setDone(false);
    const mismatch = confirmationErrors(next, confirm);
    if (mismatch) {
      setErrors(mismatch);
      return;
    }
    setBusy(true);
    try {
      await storeFetch<{ changed: boolean }>("/api/store/auth/password/change", { method: "POST", body: { old_password: current, new_password: next } });
      setCurrent("");
      setNext("");
      setConfirm("");
      setDone(true);
    } catch (err) {
      if (err instanceof StoreError) {
        const shown = Object.fromEntries(Object.entries(err.fields).filter(([k]) => (FIELDS as readonly string[]).includes(k)));
        setErrors(shown);
        if (!Object.keys(shown).length) setMessage(err.message);
      } else {
        setMessage("Something went wrong. Please try again.");
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="password-form">
      {/* Everything is disabled while the change is on its way (no second submission). */}
      <fieldset disabled={busy} className="space-y-3">
        {/* For password managers: which account this new password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <FormError message={message} />
        <Field
          label="Current password"
          name="old_password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          errors={errors.old_password}
        />
        <NewPasswordFields password={next} confirm={confirm} onPassword={setNext} onConfirm={setConfirm} errors={errors} />
        <div className="flex items-center gap-3">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Changing…" : "Change password"}
          </button>
          <p role="status" className="text-sm text-green-800" data-testid="password-changed">
            {done ? "Password changed. Every other device was signed out; you stay signed in here." : ""}
          </p>
        </div>
      </fieldset>
    </form>
  );
}
