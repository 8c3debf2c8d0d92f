"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Field, FormError, SelectField } from "@/components/account/Field";
import { formatDateTime } from "@/lib/format";
import { StoreError, store } from "@/lib/store-client";
import type { OrderReturns, ReturnRequest, ReturnableUnit } from "@/lib/types";
import { MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_TYPES, reasonLabel } from "./returns";

type Fields = Record<string, string[]>;

/** The row's key in the form: a recorded unit (a phone by its IMEI) or a line without recorded units. */
const keyOf = (row: ReturnableUnit) => (row.unit !== null ? `unit-${row.unit}` : `item-${row.item}`);

/** The API's errors for a field, including those of its list entries ("photos.0"). */
function errorsFor(fields: Fields, ...names: string[]): string[] | undefined {
  const found = Object.entries(fields)
    .filter(([k]) => names.some((n) => k === n || k.startsWith(`${n}.`)))
    .flatMap(([, v]) => v);
  return found.length ? found : undefined;
}

/** Why these files cannot be sent, or "" (the API checks the bytes again; this spares a useless upload). */
function photoProblem(files: File[]): string {
  if (files.length > MAX_PHOTOS) return `At most ${MAX_PHOTOS} photos.`;
  if (files.some((f) => !PHOTO_TYPES.includes(f.type))) return "Photos must be JPEG, PNG or WebP.";
  if (files.some((f) => f.size > MAX_PHOTO_BYTES)) return "Each photo may be at most 5 MB.";
  return "";
}

/**
 * "Return or replace": the units to send back (each phone by its IMEI), why, refund or replacement, details,
 * up to three photos and, for an order not paid online, where the refund goes. Sent as multipart/form-data
 * through the BFF; the API's field errors show under their fields.
 */
export function ReturnForm({ orderId, returns }: { orderId: number; returns: OrderReturns }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<"refund" | "replacement">("refund");
  const [details, setDetails] = useState("");
  const [photos, setPhotos] = useState<File[]>([]);
  const [upi, setUpi] = useState("");
  const [account, setAccount] = useState("");
  const [ifsc, setIfsc] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [fields, setFields] = useState<Fields>({});
  const [sent, setSent] = useState("");

  function toggle(row: ReturnableUnit, on: boolean) {
    setChosen((c) => {
      const next = { ...c };
      if (on) next[keyOf(row)] = 1;
      else delete next[keyOf(row)];
      return next;
    });
  }

  function onPhotos(list: FileList | null) {
    const files = Array.from(list ?? []);
    const problem = photoProblem(files);
    setFields((f) => ({ ...f, photos: problem ? [problem] : [] }));
    setPhotos(problem ? [] : files);
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError("");
    setSent("");
    const local: Fields = {};
    const rows = returns.returnable.filter((r) => chosen[keyOf(r)]);
    if (!rows.length) local.units = ["Choose at least one unit."];
    if (!reason) local.reason = ["Choose a reason."];
    const problem = photoProblem(photos);
    if (problem) local.photos = [problem];
    setFields(local);
    if (Object.keys(local).length) return;

    const form = new FormData();
    for (const row of rows) {
      if (row.unit !== null) form.append("units", String(row.unit));
      else for (let k = 0; k < (chosen[keyOf(row)] ?? 1); k++) form.append("items", String(row.item));
    }
    form.append("reason", reason);
    form.append("outcome", outcome);
    if (details.trim()) form.append("details", details.trim());
    for (const photo of photos) form.append("photos", photo, photo.name);
    if (returns.needs_payout) {
      if (upi.trim()) form.append("payout_upi", upi.trim());
      if (account.trim()) form.append("payout_account", account.trim());
      if (ifsc.trim()) form.append("payout_ifsc", ifsc.trim());
    }
    setBusy(true);
    try {
      const created = await store<ReturnRequest>(`orders/${orderId}/returns`, { method: "POST", body: form });
      setSent(`Return requested (${created.status_label}). We email you at each step.`);
      setChosen({});
      setReason("");
      setDetails("");
      setPhotos([]);
      router.refresh();
    } catch (err) {
      if (err instanceof StoreError) {
        setFields(err.fields);
        setError(err.message);
        // The window closed, or a unit was asked back elsewhere: the page shows what is left.
        if (err.code === "return_window_closed" || err.code === "return_already_open" || err.code === "not_returnable") router.refresh();
      } else {
        setError("Could not send the request. Please try again.");
      }
    } finally {
      setBusy(false);
    }
  }

  const unitErrors = errorsFor(fields, "units", "items");
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-xl border border-gray-200 p-4" data-testid="return-form" aria-labelledby="return-form-heading">
      <div>
        <h3 id="return-form-heading" className="font-bold">
          Return or replace
        </h3>
        {returns.window_closes_at ? (
          <p className="text-sm text-muted" data-testid="return-window">
            Returns are accepted until {formatDateTime(returns.window_closes_at)}.
          </p>
        ) : null}
      </div>
      {sent ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm font-semibold text-green-900" data-testid="return-sent">
          {sent}
        </p>
      ) : null}
      <FormError message={error} />

      <fieldset aria-describedby={unitErrors ? "return-units-error" : undefined}>
        <legend className="text-sm font-semibold">What are you sending back?</legend>
        <ul className="mt-1 space-y-1">
          {returns.returnable.map((row) => {
            const key = keyOf(row);
            return (
              <li key={key} className="flex flex-wrap items-center gap-2 text-sm">
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={Boolean(chosen[key])}
                    onChange={(e) => toggle(row, e.target.checked)}
                    data-testid="return-unit"
                    data-unit={row.unit ?? undefined}
                    data-item={row.item}
                  />
                  <span>
                    {row.title} ({row.variant_label})
                    {row.imeis.length ? <span className="text-muted"> · IMEI {row.imeis.join(" / ")}</span> : null}
                  </span>
                </label>
                {row.unit === null && row.quantity > 1 && chosen[key] ? (
                  <label className="flex items-center gap-1 text-muted">
                    how many
                    <select
                      value={chosen[key]}
                      onChange={(e) => setChosen((c) => ({ ...c, [key]: Number(e.target.value) }))}
                      className="h-8 rounded-md border border-gray-400 bg-white px-1"
                    >
                      {Array.from({ length: row.quantity }, (_, i) => i + 1).map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </li>
            );
          })}
        </ul>
        {unitErrors ? (
          <p id="return-units-error" className="mt-1 text-sm text-red-700" data-testid="error-units">
            {unitErrors.join(" ")}
          </p>
        ) : null}
      </fieldset>

      <SelectField
        label="Reason"
        name="reason"
        id="return-reason"
        placeholder="Choose a reason"
        options={returns.reasons.map((r) => ({ value: r, label: reasonLabel(r) }))}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        errors={errorsFor(fields, "reason")}
      />

      <fieldset>
        <legend className="text-sm font-semibold">What would you like?</legend>
        <div className="mt-1 flex gap-4 text-sm">
          {(["refund", "replacement"] as const).map((o) => (
            <label key={o} className="flex items-center gap-2">
              <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} data-testid={`return-outcome-${o}`} />
              {o === "refund" ? "A refund" : "A replacement (same model)"}
            </label>
          ))}
        </div>
        {errorsFor(fields, "outcome") ? (
          <p className="mt-1 text-sm text-red-700" data-testid="error-outcome">
            {errorsFor(fields, "outcome")!.join(" ")}
          </p>
        ) : null}
      </fieldset>

      <div>
        <label htmlFor="return-details" className="block text-sm font-semibold">
          Details <span className="font-normal text-muted">(optional)</span>
        </label>
        <textarea
          id="return-details"
          name="details"
          rows={3}
          maxLength={1000}
          value={details}
          onChange={(e) => setDetails(e.target.value)}
          aria-invalid={errorsFor(fields, "details") ? true : undefined}
          className={`mt-1 w-full rounded-md border px-3 py-2 text-base ${errorsFor(fields, "details") ? "border-red-600" : "border-gray-400"}`}
          data-testid="return-details"
        />
        {errorsFor(fields, "details") ? (
          <p className="mt-1 text-sm text-red-700" data-testid="error-details">
            {errorsFor(fields, "details")!.join(" ")}
          </p>
        ) : null}
      </div>

      <Field
        label="Photos (optional)"
        name="photos"
        id="return-photos"
        type="file"
        multiple
        accept={PHOTO_TYPES.join(",")}
        onChange={(e) => onPhotos(e.target.files)}
        hint={`Up to ${MAX_PHOTOS} photos, JPEG, PNG or WebP, 5 MB each.`}
        errors={errorsFor(fields, "photos")}
        className="[&_input]:h-auto [&_input]:py-2"
        data-testid="return-photos"
      />

      {returns.needs_payout ? (
        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold">Where should a refund go?</legend>
          <p className="text-xs text-muted">This order was not paid online: give a UPI id, or a bank account with its IFSC.</p>
          <Field label="UPI id" name="payout_upi" id="return-payout-upi" value={upi} onChange={(e) => setUpi(e.target.value)} errors={errorsFor(fields, "payout_upi")} placeholder="name@bank" />
          <div className="grid gap-2 sm:grid-cols-2">
            <Field label="Account number" name="payout_account" id="return-payout-account" inputMode="numeric" value={account} onChange={(e) => setAccount(e.target.value)} errors={errorsFor(fields, "payout_account")} />
            <Field label="IFSC" name="payout_ifsc" id="return-payout-ifsc" value={ifsc} onChange={(e) => setIfsc(e.target.value.toUpperCase())} errors={errorsFor(fields, "payout_ifsc")} />
          </div>
        </fieldset>
      ) : null}

      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="return-submit">
        {busy ? "Sending…" : "Request the return"}
      </button>
    </form>
  );
}
