"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { StoreError, storeFetch } from "@/lib/store-client";
import { Field, FormError, safeNext } from "./Field";

type Errors = Record<string, string[]>;

function useSubmit(url: string, next: string) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState("");

  async function submit(e: FormEvent<HTMLFormElement>, body: Record<string, string>) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage("");
    try {
      await storeFetch(url, { method: "POST", body });
      router.replace(next);
      router.refresh();
    } catch (err) {
      if (err instanceof StoreError) {
        setErrors(err.fields);
        setMessage(Object.keys(err.fields).length ? "Please correct the fields marked below." : err.message);
      } else setMessage("Something went wrong. Please try again.");
      setBusy(false);
    }
  }
  return { busy, errors, message, submit };
}

function values(form: HTMLFormElement, names: string[]): Record<string, string> {
  const data = new FormData(form);
  return Object.fromEntries(names.map((n) => [n, String(data.get(n) ?? "")]));
}

/** The sign-in choices on /login: the password form, or a one-time code sent by email (`?method=code`).
 * The switch is a link, so the page's only "Sign in" button stays the password form's. */
export function SignInOptions({ next, withCode }: { next?: string; withCode: boolean }) {
  const qs = new URLSearchParams(next ? { next } : {});
  if (!withCode) qs.set("method", "code");
  const href = `/login${qs.size ? `?${qs}` : ""}`;
  return (
    <div className="space-y-4">
      {withCode ? <OtpLoginForm next={next} /> : <LoginForm next={next} />}
      <p className="text-center text-sm">
        <Link href={href} replace className="font-semibold text-brand-800 underline" data-testid="signin-switch">
          {withCode ? "Sign in with your password" : "Sign in with a one-time code"}
        </Link>
      </p>
    </div>
  );
}

/** A failed call as the forms show it: field errors next to the fields, anything else (a 429 "try later",
 * the neutral 401, the store being down) above the form. */
export function errorText(err: unknown): { fields: Errors; message: string } {
  if (!(err instanceof StoreError)) return { fields: {}, message: "Something went wrong. Please try again." };
  if (err.status === 429) return { fields: {}, message: err.message || "Too many attempts. Please try again later." };
  return { fields: err.fields, message: Object.keys(err.fields).length ? "Please correct the fields marked below." : err.message };
}

/** Sign in with a 6-digit code: ask for the email, then the code (for accounts with one-time codes turned on). */
export function OtpLoginForm({ next }: { next?: string }) {
  const target = safeNext(next);
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState("");

  async function run(e: FormEvent<HTMLFormElement>, step: () => Promise<void>) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage("");
    try {
      await step();
    } catch (err) {
      const { fields, message: text } = errorText(err);
      setErrors(fields);
      setMessage(text);
    }
    setBusy(false);
  }

  const request = (e: FormEvent<HTMLFormElement>) =>
    run(e, async () => {
      const answer = await storeFetch<{ detail?: string }>("/api/session/otp/request", { method: "POST", body: { email } });
      setSent(answer?.detail || "If that account uses one-time codes, a code is on its way.");
    });

  const verify = (e: FormEvent<HTMLFormElement>) =>
    run(e, async () => {
      await storeFetch("/api/session/otp/verify", { method: "POST", body: { email, code } });
      router.replace(target);
      router.refresh();
    });

  if (!sent)
    return (
      <form className="space-y-4" noValidate onSubmit={request} data-testid="otp-request-form">
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
          {busy ? "Sending…" : "Send me a code"}
        </button>
      </form>
    );
  return (
    <form className="space-y-4" noValidate onSubmit={verify} data-testid="otp-verify-form">
      <p role="status" className="text-sm" data-testid="otp-sent">
        {sent}
      </p>
      <FormError message={message} />
      <Field
        label="6-digit code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        required
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, "").slice(0, 6))}
        errors={errors.code ?? errors.email}
      />
      <button type="submit" className="btn btn-primary w-full py-3" disabled={busy}>
        {busy ? "Signing in…" : "Sign in with code"}
      </button>
      <p className="text-center text-sm">
        <button
          type="button"
          className="underline"
          onClick={() => {
            setSent("");
            setCode("");
            setErrors({});
            setMessage("");
          }}
        >
          Use another email or send a new code
        </button>
      </p>
    </form>
  );
}

export function LoginForm({ next }: { next?: string }) {
  const target = safeNext(next);
  const { busy, errors, message, submit } = useSubmit("/api/session/login", target);
  return (
    <form className="space-y-4" noValidate onSubmit={(e) => submit(e, values(e.currentTarget, ["email", "password"]))} data-testid="login-form">
      <FormError message={message} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={errors.password} />
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="font-semibold text-brand-800 underline" data-testid="forgot-password-link">
          Forgot your password?
        </Link>
      </p>
      <button type="submit" className="btn btn-primary w-full py-3" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-center text-sm">
        New to PhoneStore?{" "}
        <Link href={`/register?next=${encodeURIComponent(target)}`} className="font-semibold text-brand-800 underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}

export function RegisterForm({ next }: { next?: string }) {
  const target = safeNext(next);
  const { busy, errors, message, submit } = useSubmit("/api/session/register", target);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => submit(e, values(e.currentTarget, ["full_name", "email", "phone", "password"]))}
      data-testid="register-form"
    >
      <FormError message={message} />
      <Field label="Full name" name="full_name" autoComplete="name" required errors={errors.full_name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={errors.email} />
      <Field
        label="Mobile number (optional)"
        name="phone"
        type="tel"
        inputMode="numeric"
        autoComplete="tel-national"
        maxLength={10}
        hint="10 digits, without +91"
        errors={errors.phone}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters; not a common password, not all digits, not like your name or email"
        errors={errors.password}
      />
      <button type="submit" className="btn btn-primary w-full py-3" disabled={busy}>
        {busy ? "Creating your account…" : "Create account"}
      </button>
      <p className="text-center text-sm">
        Already have an account?{" "}
        <Link href={`/login?next=${encodeURIComponent(target)}`} className="font-semibold text-brand-800 underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
