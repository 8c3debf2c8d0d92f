"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { StoreError, storeFetch } from "@/lib/store-client";
import { errorText } from "./AuthForms";
import { Field, FormError } from "./Field";
import { NewPasswordFields, confirmationErrors } from "./NewPasswordFields";

type Errors = Record<string, string[]>;

const SENT_FALLBACK = "If this email has a PhoneStore account, a link to choose a new password is on its way.";
const DONE_FALLBACK = "Your password is changed. Sign in with the new one.";
const INVALID_FALLBACK = "This reset link is not valid or has expired. Ask for a new one.";

/**
 * /forgot-password: the email goes to /api/session/password/reset (→ POST /api/auth/password/reset/).
 * The answer is the API's neutral text, the same for every email: the page never says whether an account
 * exists. Field errors, the 429 "try later" and other failures are shown as in the sign-in forms.
 */
export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState("");

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setMessage("");
    try {
      const answer = await storeFetch<{ detail?: string }>("/api/session/password/reset", { method: "POST", body: { email } });
      setSent(answer?.detail || SENT_FALLBACK);
    } catch (err) {
      const { fields, message: text } = errorText(err);
      setErrors(fields);
      setMessage(text);
    }
    setBusy(false);
  }

  if (sent)
    return (
      <div className="space-y-4">
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="forgot-sent">
          {sent}
        </p>
        <p className="text-sm text-muted">No email? Check the spam folder, or ask again in a few minutes.</p>
        <p className="flex flex-wrap justify-between gap-3 text-sm">
          <Link href="/login?method=password" className="font-semibold text-brand-800 underline">
            Back to sign in
          </Link>
          <button
            type="button"
            className="underline"
            onClick={() => {
              setSent("");
              setErrors({});
              setMessage("");
            }}
          >
            Use another email
          </button>
        </p>
      </div>
    );

  return (
    <form className="space-y-4" noValidate onSubmit={submit} data-testid="forgot-form">
      <FormError message={message} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        errors={errors.email}
      />
      <button type="submit" className="btn btn-primary w-full py-3" disabled={busy}>
        {busy ? "Sending…" : "Email me a link"}
      </button>
      <p className="text-center text-sm">
        Remembered it?{" "}
        <Link href="/login?method=password" className="font-semibold text-brand-800 underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}

/** The link is wrong, used or expired (or the page was opened without one): ask for a new one. */
export function InvalidResetLink({ message = INVALID_FALLBACK }: { message?: string }) {
  return (
    <div role="alert" className="space-y-3 rounded-md bg-red-50 px-4 py-3 text-sm text-red-900" data-testid="reset-invalid">
      <p>{message}</p>
      <p>
        <Link href="/forgot-password" className="font-semibold underline">
          Ask for a new link
        </Link>
      </p>
    </div>
  );
}

/**
 * /reset-password?uid=…&token=…: a new password and its confirmation (compared here only, never sent) go
 * to /api/session/password/reset/confirm with the link's uid and token. A weak password gets the API's
 * errors at the field; a wrong, used or expired link (`invalid_reset_link`) replaces the form with a way to
 * ask for a new one; success says so and leads to /login (the API has ended every session of the account).
 */
export function ResetPasswordForm({ uid, token }: { uid: string; token: string }) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState("");
  const [done, setDone] = useState("");
  const [invalid, setInvalid] = useState("");

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage("");
    const mismatch = confirmationErrors(password, confirm);
    if (mismatch) {
      setErrors(mismatch);
      return;
    }
    setBusy(true);
    try {
      const answer = await storeFetch<{ detail?: string }>("/api/session/password/reset/confirm", {
        method: "POST",
        body: { uid, token, new_password: password },
      });
      setPassword("");
      setConfirm("");
      setDone(answer?.detail || DONE_FALLBACK);
    } catch (err) {
      if (err instanceof StoreError && (err.code === "invalid_reset_link" || err.fields.uid || err.fields.token)) {
        setInvalid(err.code === "invalid_reset_link" ? err.message || INVALID_FALLBACK : INVALID_FALLBACK);
      } else {
        const { fields, message: text } = errorText(err);
        setErrors(fields);
        setMessage(text);
      }
    }
    setBusy(false);
  }

  if (invalid) return <InvalidResetLink message={invalid} />;
  if (done)
    return (
      <div className="space-y-4">
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="reset-done">
          {done}
        </p>
        <Link href="/login?method=password" className="btn btn-primary w-full py-3" data-testid="reset-signin">
          Sign in
        </Link>
      </div>
    );

  return (
    <form onSubmit={submit} noValidate data-testid="reset-form">
      <fieldset disabled={busy} className="space-y-4">
        <FormError message={message} />
        <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} errors={errors} />
        <button type="submit" className="btn btn-primary w-full py-3" disabled={busy}>
          {busy ? "Saving…" : "Set new password"}
        </button>
      </fieldset>
    </form>
  );
}
