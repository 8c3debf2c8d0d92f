"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { StoreError, store, storeFetch } from "@/lib/store-client";
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

export type SignInMethod = "mobile" | "code" | "password";

const METHODS: { method: SignInMethod; label: string; testId: string }[] = [
  { method: "mobile", label: "Sign in with your mobile number", testId: "signin-mobile" },
  { method: "password", label: "Sign in with email and password", testId: "signin-password" },
  { method: "code", label: "Email me a one-time code", testId: "signin-email-code" },
];

/** The sign-in choices on /login: a code by SMS to a mobile number first (`?method=` absent), then the password
 * form (`?method=password`) and a code by email (`?method=code`). The other ways are links, so the page has one
 * form and one submit button at a time. */
export function SignInOptions({ next, method }: { next?: string; method: SignInMethod }) {
  const href = (m: SignInMethod) => {
    const qs = new URLSearchParams(next ? { next } : {});
    if (m !== "mobile") qs.set("method", m);
    return `/login${qs.size ? `?${qs}` : ""}`;
  };
  return (
    <div className="space-y-4">
      {method === "password" ? <LoginForm next={next} /> : <CodeSignInForm key={method} next={next} by={method === "code" ? "email" : "mobile"} />}
      <ul className="space-y-1 text-center text-sm">
        {METHODS.filter((m) => m.method !== method).map((m) => (
          <li key={m.method}>
            <Link href={href(m.method)} replace className="font-semibold text-brand-800 underline" data-testid={m.testId}>
              {m.label}
            </Link>
          </li>
        ))}
      </ul>
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

const IDENTITY = {
  mobile: {
    label: "Mobile number",
    type: "tel",
    inputMode: "tel",
    autoComplete: "tel",
    hint: "10 digits; +91 is optional. New here? Your account is made when you enter the code.",
    send: "Send code by SMS",
    sent: "If this number can sign in, a code is on its way by SMS.",
    again: "Use another number or send a new code",
  },
  email: {
    label: "Email",
    type: "email",
    inputMode: "email",
    autoComplete: "email",
    hint: undefined,
    send: "Send me a code",
    sent: "If that account uses one-time codes, a code is on its way.",
    again: "Use another email or send a new code",
  },
} as const;

/** Sign in with a 6-digit code: the mobile number (by SMS, any number) or the email (accounts with codes on),
 * then the code; an account just made for a new number is asked for its name before going on. */
export function CodeSignInForm({ next, by }: { next?: string; by: "mobile" | "email" }) {
  const target = safeNext(next);
  const router = useRouter();
  const copy = IDENTITY[by];
  const [who, setWho] = useState("");
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [step, setStep] = useState<"ask" | "code" | "name">("ask");
  const [sent, setSent] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState("");

  async function run(e: FormEvent<HTMLFormElement>, action: () => Promise<void>) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage("");
    try {
      await action();
    } catch (err) {
      const { fields, message: text } = errorText(err);
      setErrors(fields);
      setMessage(text);
    }
    setBusy(false);
  }

  const done = () => {
    router.replace(target);
    router.refresh();
  };

  const request = (e: FormEvent<HTMLFormElement>) =>
    run(e, async () => {
      const answer = await storeFetch<{ detail?: string }>("/api/session/otp/request", { method: "POST", body: { [by]: who } });
      setSent(answer?.detail || copy.sent);
      setStep("code");
    });

  const verify = (e: FormEvent<HTMLFormElement>) =>
    run(e, async () => {
      const answer = await storeFetch<{ name_required?: boolean }>("/api/session/otp/verify", { method: "POST", body: { [by]: who, code } });
      if (answer?.name_required) setStep("name");
      else done();
    });

  const saveName = (e: FormEvent<HTMLFormElement>) =>
    run(e, async () => {
      await store("auth/me", { method: "PATCH", body: { full_name: name } });
      done();
    });

  if (step === "ask")
    return (
      <form className="space-y-4" noValidate onSubmit={request} data-testid="otp-request-form">
        <FormError message={message} />
        <Field
          label={copy.label}
          name={by}
          type={copy.type}
          inputMode={copy.inputMode}
          autoComplete={copy.autoComplete}
          hint={copy.hint}
          required
          value={who}
          onChange={(e) => setWho(e.target.value)}
          errors={errors[by]}
        />
        <button type="submit" className="btn btn-primary w-full py-3" disabled={busy}>
          {busy ? "Sending…" : copy.send}
        </button>
      </form>
    );
  if (step === "name")
    return (
      <form className="space-y-4" noValidate onSubmit={saveName} aria-labelledby="name-step-heading" data-testid="name-form">
        <h2 id="name-step-heading" className="text-xl font-bold">
          What&apos;s your name?
        </h2>
        <p className="text-sm text-muted">You&apos;re signed in. Tell us your name for your orders and invoices.</p>
        <FormError message={message} />
        <Field
          label="Full name"
          name="full_name"
          autoComplete="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={errors.full_name}
        />
        <button type="submit" className="btn btn-primary w-full py-3" disabled={busy}>
          {busy ? "Saving…" : "Continue"}
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
        errors={errors.code ?? errors[by]}
      />
      <button type="submit" className="btn btn-primary w-full py-3" disabled={busy}>
        {busy ? "Signing in…" : "Sign in with code"}
      </button>
      <p className="text-center text-sm">
        <button
          type="button"
          className="underline"
          onClick={() => {
            setStep("ask");
            setSent("");
            setCode("");
            setErrors({});
            setMessage("");
          }}
        >
          {copy.again}
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
