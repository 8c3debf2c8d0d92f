"use client";

import { useState, type FormEvent } from "react";
import { formatDate } from "@/lib/format";
import { StoreError, store } from "@/lib/store-client";
import type { ComplaintInput, FiledComplaint } from "@/lib/types";
import { Field, FormError, SelectField } from "../account/Field";

const CATEGORIES: { value: ComplaintInput["category"]; label: string }[] = [
  { value: "order", label: "An order or its delivery" },
  { value: "return", label: "A return or a refund" },
  { value: "payment", label: "A payment" },
  { value: "product", label: "A phone or accessory" },
  { value: "data", label: "My personal data" },
  { value: "other", label: "Something else" },
];

/**
 * A complaint to the grievance officer, through the BFF (POST /api/support/complaints/): the API answers its
 * reference and the date it will be resolved by, emails it to the officer and acknowledges it to the shopper.
 */
export function ComplaintForm({ name: knownName = "", email: knownEmail = "" }: { name?: string; email?: string }) {
  const [form, setForm] = useState({ name: knownName, email: knownEmail, phone: "", order_number: "", category: "", message: "" });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState("");
  const [filed, setFiled] = useState<FiledComplaint | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setMessage("");
    try {
      const body = Object.fromEntries(Object.entries(form).filter(([k, v]) => v !== "" || !["phone", "order_number"].includes(k)));
      setFiled(await store<FiledComplaint>("support/complaints/", { method: "POST", body }));
    } catch (err) {
      if (err instanceof StoreError) {
        setErrors(err.fields);
        if (!Object.keys(err.fields).length) setMessage(err.message);
      } else {
        setMessage("Something went wrong. Please try again.");
      }
    } finally {
      setBusy(false);
    }
  }

  if (filed) {
    return (
      <div role="status" className="space-y-2 rounded-xl border border-gray-200 bg-gray-50 p-4" data-testid="complaint-filed">
        <p className="text-lg font-semibold">
          Your complaint is filed: reference <span data-testid="complaint-reference">{filed.reference}</span>
        </p>
        <p className="text-sm text-muted">
          We have emailed you an acknowledgement. {filed.officer}, our grievance officer, will resolve it by{" "}
          {formatDate(filed.due_by)} and tell you what was done. Quote the reference when you write to us.
        </p>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="complaint-form">
      <fieldset disabled={busy} className="space-y-4">
        <FormError message={message} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Your name" name="name" autoComplete="name" required value={form.name} onChange={set("name")} errors={errors.name} />
          <Field label="Email" name="email" type="email" autoComplete="email" required value={form.email} onChange={set("email")} errors={errors.email} />
          <Field
            label="Mobile number (optional)"
            name="phone"
            type="tel"
            inputMode="numeric"
            autoComplete="tel-national"
            maxLength={10}
            value={form.phone}
            onChange={set("phone")}
            errors={errors.phone}
          />
          <Field
            label="Order number (optional)"
            name="order_number"
            hint="It starts with PS, e.g. PS00001234."
            maxLength={10}
            value={form.order_number}
            onChange={set("order_number")}
            errors={errors.order_number}
          />
        </div>
        <SelectField label="What is it about?" name="category" placeholder="Choose one" options={CATEGORIES} required value={form.category} onChange={set("category")} errors={errors.category} />
        <div>
          <label htmlFor="f-message" className="block text-sm font-semibold">
            What went wrong?
          </label>
          <textarea
            id="f-message"
            name="message"
            required
            rows={6}
            maxLength={5000}
            value={form.message}
            onChange={set("message")}
            aria-invalid={errors.message?.length ? true : undefined}
            aria-describedby={errors.message?.length ? "f-message-error" : undefined}
            className={`mt-1 w-full rounded-md border px-3 py-2 text-base ${errors.message?.length ? "border-red-600" : "border-gray-400"}`}
          />
          {errors.message?.length ? (
            <p id="f-message-error" className="mt-1 text-sm text-red-700" data-testid="error-message">
              {errors.message.join(" ")}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="complaint-submit">
          {busy ? "Sending…" : "Send my complaint"}
        </button>
      </fieldset>
    </form>
  );
}
