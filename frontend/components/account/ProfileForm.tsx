"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { StoreError, store, storeFetch } from "@/lib/store-client";
import { formatMobile } from "@/lib/format";
import type { User } from "@/lib/types";
import { Field, FormError } from "./Field";

export function ProfileForm({ user }: { user: User }) {
  const [name, setName] = useState(user.full_name);
  const [phone, setPhone] = useState(user.phone);
  const [otp, setOtp] = useState(Boolean(user.otp_enabled));
  const [smsUpdates, setSmsUpdates] = useState(user.sms_updates);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState("");
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage("");
    setSaved(false);
    try {
      const u = await store<User>("auth/me", {
        method: "PATCH",
        body: { full_name: name, phone, otp_enabled: otp, sms_updates: smsUpdates },
      });
      setName(u.full_name);
      setPhone(u.phone);
      setOtp(Boolean(u.otp_enabled));
      setSmsUpdates(u.sms_updates);
      setSaved(true);
    } catch (err) {
      if (err instanceof StoreError) {
        setErrors(err.fields);
        if (!Object.keys(err.fields).length) setMessage(err.message);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" data-testid="profile-form">
      {user.email ? (
        <p className="text-sm">
          Email: <span className="font-semibold" data-testid="profile-email">{user.email}</span>
        </p>
      ) : null}
      {user.mobile ? (
        <p className="text-sm">
          You sign in with <span className="font-semibold" data-testid="profile-mobile">{formatMobile(user.mobile)}</span> and a code
          sent to it by SMS.
        </p>
      ) : null}
      <FormError message={message} />
      <Field label="Full name" name="full_name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} errors={errors.full_name} />
      <Field
        label="Mobile number"
        name="phone"
        type="tel"
        inputMode="numeric"
        autoComplete="tel-national"
        maxLength={10}
        value={phone}
        onChange={(e) => setPhone(e.target.value.replace(/\D/g, "").slice(0, 10))}
        hint={user.mobile ? "For deliveries and order messages; the number you sign in with stays as it is." : undefined}
        errors={errors.phone}
      />
      {/* Codes by email (or by SMS to the phone) for an email account; a mobile-only account always signs in by code. */}
      {user.email ? (
        <div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="otp_enabled" checked={otp} onChange={(e) => setOtp(e.target.checked)} data-testid="otp-enabled" />
            Allow signing in with a one-time code ({user.otp_channel === "sms" ? "by SMS" : "by email"})
          </label>
          {errors.otp_enabled || errors.otp_channel ? (
            <p className="mt-1 text-sm text-red-700" data-testid="error-otp_enabled">
              {[...(errors.otp_enabled ?? []), ...(errors.otp_channel ?? [])].join(" ")}
            </p>
          ) : null}
        </div>
      ) : null}
      <div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="sms_updates"
            checked={smsUpdates}
            onChange={(e) => setSmsUpdates(e.target.checked)}
            aria-describedby="sms-updates-hint"
            data-testid="sms-updates"
          />
          SMS updates about my orders
        </label>
        <p id="sms-updates-hint" className="mt-1 text-sm text-muted">
          Placed, shipped, out for delivery, delivered, cancelled and refunded, sent to each order&apos;s delivery mobile number.
          Sign-in and cash on delivery codes are sent either way.
        </p>
        {errors.sms_updates ? (
          <p className="mt-1 text-sm text-red-700" data-testid="error-sms_updates">
            {errors.sms_updates.join(" ")}
          </p>
        ) : null}
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Saving…" : "Save profile"}
        </button>
        <p role="status" className="text-sm text-green-800">
          {saved ? "Saved." : ""}
        </p>
      </div>
    </form>
  );
}

export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-secondary"
      disabled={busy}
      data-testid="sign-out"
      onClick={async () => {
        setBusy(true);
        try {
          await storeFetch("/api/session/logout", { method: "POST", body: {} });
        } finally {
          router.replace("/");
          router.refresh();
        }
      }}
    >
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}
