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

export function LoginForm({ next }: { next?: string }) {
  const target = safeNext(next);
  const { busy, errors, message, submit } = useSubmit("/api/session/login", target);
  return (
    <form className="space-y-4" noValidate onSubmit={(e) => submit(e, values(e.currentTarget, ["email", "password"]))} data-testid="login-form">
      <FormError message={message} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={errors.password} />
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
