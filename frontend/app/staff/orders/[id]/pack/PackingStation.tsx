"use client";

import { useRef, useState } from "react";
import { StoreError } from "@/lib/store-client";
import type { StaffOrderDetail } from "@/lib/staff-types";
import { consoleCall, download, refusalMessage } from "../../../_components/console-client";
import { StatusBadge } from "../../../_components/StatusBadge";

const IMEI_LENGTH = 15;

/** The Luhn check of a 15-digit IMEI, for instant feedback at the scanner only: the API checks it again (orders/imei.py). */
function luhnValid(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return total % 10 === 0;
}

/** What is wrong with a scanned value as an IMEI, or "" (15 digits, spaces and hyphens between them allowed). */
function imeiProblem(value: string): string {
  const digits = value.replace(/[\s-]+/g, "");
  if (!digits) return "Scan or type the IMEI: 15 digits.";
  if (!/^[0-9]+$/.test(digits)) return "An IMEI has digits only.";
  if (digits.length !== IMEI_LENGTH) return `An IMEI has 15 digits; this has ${digits.length}.`;
  if (!luhnValid(digits)) return "This is not a valid IMEI: its check digit (the last) does not match. Scan it again.";
  return "";
}

interface Slot {
  itemId: number;
  line: number; // index among the lines sent
  unit: number;
  title: string;
}

interface SlotState {
  value: string;
  state: "empty" | "checking" | "ok" | "refused";
  message: string;
}

interface SoldUnit {
  in_circulation: boolean;
  order: { number: string };
}

/**
 * One scan field per phone unit still to record. A scanner types 15 digits and Enter: the field checks the length,
 * the check digit, a repeat within the order and (asking the API) a unit already sold, says so (aria-live, no
 * sound) and moves on to the next unit. With every unit recorded it saves them (POST .../units/: the API is the
 * rule; its refusal is shown on the field it names), then offers the invoice and label, then shipping.
 */
export function PackingStation({ initial }: { initial: StaffOrderDetail }) {
  const [order, setOrder] = useState(initial);
  const pending = initial.actions.record_units ? initial.items.filter((i) => i.imei_required && i.units.length < i.quantity) : [];
  const slots: Slot[] = pending.flatMap((item, line) =>
    Array.from({ length: item.quantity }, (_, unit) => ({ itemId: item.id, line, unit, title: `${item.product_title} (${item.variant_label})` })),
  );
  const [fields, setFields] = useState<SlotState[]>(() => slots.map(() => ({ value: "", state: "empty", message: "" })));
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [announce, setAnnounce] = useState("");
  const [error, setError] = useState("");
  const [files, setFiles] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);

  const set = (i: number, next: Partial<SlotState>) => setFields((all) => all.map((f, j) => (j === i ? { ...f, ...next } : f)));
  const digitsOf = (value: string) => value.replace(/[\s-]+/g, "");

  async function check(i: number, value: string) {
    const label = `Unit ${i + 1} of ${slots.length}`;
    const problem = imeiProblem(value);
    const digits = digitsOf(value);
    const repeat = !problem && fields.findIndex((f, j) => j !== i && f.state === "ok" && digitsOf(f.value) === digits);
    const refused = problem || (repeat !== false && repeat >= 0 ? `This IMEI is already scanned for unit ${repeat + 1}.` : "");
    if (refused) {
      set(i, { value, state: "refused", message: refused });
      setAnnounce(`${label}: refused. ${refused}`);
      return;
    }
    set(i, { value, state: "checking", message: "Checking…" });
    try {
      const sold = await consoleCall<SoldUnit>(`units/?imei=${digits}`);
      if (sold.in_circulation) {
        const message = `Already sold with order ${sold.order.number}.`;
        set(i, { value, state: "refused", message });
        setAnnounce(`${label}: refused. ${message}`);
        return;
      }
    } catch (err) {
      if (!(err instanceof StoreError && err.status === 404)) {
        const message = refusalMessage(err);
        set(i, { value, state: "refused", message });
        setAnnounce(`${label}: refused. ${message}`);
        return;
      }
    }
    const next = fields.map((f, j) => (j === i ? { value, state: "ok" as const, message: "Recorded." } : f));
    setFields(next);
    setAnnounce(`${label} recorded: IMEI ${digits}.`);
    const following = next.findIndex((f, j) => j > i && f.state !== "ok");
    const open = following >= 0 ? following : next.findIndex((f) => f.state !== "ok");
    if (open >= 0) inputs.current[open]?.focus();
    else await save(next);
  }

  async function save(all: SlotState[]) {
    setSaving(true);
    setError("");
    const items = pending.map((item, line) => ({
      item_id: item.id,
      units: all.flatMap((f, i) => (slots[i]!.line === line ? [{ imeis: [digitsOf(f.value)] }] : [])),
    }));
    try {
      await consoleCall(`orders/${order.id}/units/`, { body: { items } });
      const fresh = await consoleCall<StaffOrderDetail>(`orders/${order.id}/`);
      setOrder(fresh);
      setSaved(true);
      setAnnounce(`All ${slots.length} IMEIs saved. The order is ${fresh.status_label.toLowerCase()}.`);
    } catch (err) {
      const message = refusalMessage(err);
      setError(message);
      setAnnounce(`Not saved: ${message}`);
      if (err instanceof StoreError) {
        // The API names each field at fault: items.<line>.units.<unit>.imeis.0
        let first = -1;
        setFields((current) =>
          current.map((f, i) => {
            const slot = slots[i]!;
            const named = err.fields[`items.${slot.line}.units.${slot.unit}.imeis.0`] ?? err.fields[`items.${slot.line}.units.${slot.unit}`];
            if (!named) return f;
            if (first < 0) first = i;
            return { ...f, state: "refused", message: named.join(" ") };
          }),
        );
        if (first >= 0) inputs.current[first]?.focus();
      }
    } finally {
      setSaving(false);
    }
  }

  async function printBoth() {
    setBusy(true);
    setError("");
    const results = await Promise.all([
      download(`orders/${order.id}/invoice/`, `${order.number}-invoice.pdf`),
      download(`orders/${order.id}/label/`, `${order.number}-label.pdf`),
    ]);
    const [invoice, label] = results;
    setFiles(results.flatMap((r) => (r.ok ? [r.name] : [])));
    const problems = [
      invoice.ok ? "" : `Invoice: ${invoice.message}`,
      label.ok ? "" : `Label: ${label.message}`,
    ].filter(Boolean);
    setAnnounce(problems.length ? problems.join(" ") : "Invoice and label downloaded: print them.");
    if (problems.length) setError(problems.join(" "));
    setBusy(false);
  }

  async function act(path: string, body: unknown, what: string) {
    setBusy(true);
    setError("");
    try {
      await consoleCall(path, { body });
      const fresh = await consoleCall<StaffOrderDetail>(`orders/${order.id}/`);
      setOrder(fresh);
      setAnnounce(`${what}. The order is ${fresh.status_label.toLowerCase()}.`);
    } catch (err) {
      const message = refusalMessage(err);
      setError(message);
      setAnnounce(`Refused: ${message}`);
    } finally {
      setBusy(false);
    }
  }

  const recorded = order.items.filter((i) => i.imei_required && i.units.length);
  const ship = order.next_steps.find((s) => s.to_status === "SHIPPED");
  const scanning = slots.length > 0 && !saved;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      {/* What just happened, said once (no sound): visible to the packer, read by screen readers. */}
      <p aria-live="polite" role="status" className="min-h-6 rounded-md text-base font-semibold lg:col-span-2" data-testid="pack-announce">
        {announce}
      </p>
      <section aria-labelledby="scan-title" className="rounded-xl border border-gray-200 bg-white p-4">
        <h2 id="scan-title" className="text-lg font-bold">
          1. Scan the IMEIs
        </h2>
        {scanning ? (
          <>
            <p className="mt-1 text-sm text-muted">Scan each phone&apos;s IMEI (on the box or *#06#). Each field moves on to the next when it is right.</p>
            <ol className="mt-4 space-y-4">
              {slots.map((slot, i) => {
                const f = fields[i]!;
                const id = `imei-${i}`;
                return (
                  <li key={id}>
                    <label htmlFor={id} className="block text-sm font-medium">
                      Unit {i + 1} of {slots.length}: {slot.title}
                    </label>
                    <div className="mt-1 flex items-center gap-2">
                      <input
                        id={id}
                        ref={(el) => {
                          inputs.current[i] = el;
                        }}
                        value={f.value}
                        inputMode="numeric"
                        autoComplete="off"
                        spellCheck={false}
                        maxLength={32}
                        autoFocus={i === 0}
                        readOnly={saving || f.state === "checking"}
                        aria-invalid={f.state === "refused" || undefined}
                        aria-describedby={`${id}-message`}
                        data-testid={`scan-${i}`}
                        data-state={f.state}
                        onChange={(e) => {
                          const value = e.target.value;
                          set(i, { value, state: "empty", message: "" });
                          if (digitsOf(value).length === IMEI_LENGTH && /^[0-9]+$/.test(digitsOf(value))) void check(i, value);
                        }}
                        onKeyDown={(e) => {
                          if (e.key === "Enter") {
                            e.preventDefault();
                            if (f.state !== "ok" && f.state !== "checking") void check(i, f.value);
                          }
                        }}
                        className={`w-full max-w-xs rounded-md border px-3 py-2 font-mono text-lg tracking-wider ${
                          f.state === "ok" ? "border-green-700 bg-green-50" : f.state === "refused" ? "border-red-700 bg-red-50" : "border-gray-400"
                        }`}
                      />
                      <span aria-hidden="true" className={`text-xl font-bold ${f.state === "ok" ? "text-green-800" : "text-red-800"}`}>
                        {f.state === "ok" ? "✓" : f.state === "refused" ? "✗" : ""}
                      </span>
                    </div>
                    <p
                      id={`${id}-message`}
                      className={`mt-1 min-h-5 text-sm ${f.state === "refused" ? "font-medium text-red-800" : "text-green-800"}`}
                      data-testid={`scan-${i}-message`}
                    >
                      {f.message}
                    </p>
                  </li>
                );
              })}
            </ol>
            {saving && <p className="mt-2 text-sm font-medium">Saving…</p>}
          </>
        ) : recorded.length ? (
          <ul className="mt-3 space-y-1 text-sm" data-testid="recorded">
            {recorded.flatMap((item) =>
              item.units.map((u) => (
                <li key={u.id}>
                  {item.product_title}: <span className="font-mono">{u.imeis.join(" / ")}</span>
                </li>
              )),
            )}
          </ul>
        ) : (
          <p className="mt-3 text-sm text-muted">
            {order.items.some((i) => i.imei_required)
              ? `Nothing to scan while the order is ${order.status_label.toLowerCase()}.`
              : "No phone in this order: nothing to scan."}
          </p>
        )}
      </section>

      <div className="space-y-6">
        <section aria-labelledby="print-title" className="rounded-xl border border-gray-200 bg-white p-4">
          <h2 id="print-title" className="text-lg font-bold">
            2. Print the invoice and the label
          </h2>
          <button type="button" className="btn btn-primary mt-3" disabled={busy || scanning} onClick={printBoth} data-testid="print-both">
            Print invoice and label
          </button>
          <p className="mt-2 flex flex-wrap gap-3 text-sm">
            <a href={`/api/console/orders/${order.id}/invoice/`} className="underline" data-testid="invoice-link">
              Invoice (PDF)
            </a>
            <a href={`/api/console/orders/${order.id}/label/`} className="underline" data-testid="label-link">
              Label (PDF)
            </a>
          </p>
          {files.length > 0 && <p className="mt-1 text-sm text-muted">Downloaded: {files.join(", ")}</p>}
        </section>

        <section aria-labelledby="ship-title" className="rounded-xl border border-gray-200 bg-white p-4">
          <h2 id="ship-title" className="text-lg font-bold">
            3. Hand it to the courier
          </h2>
          <p className="mt-1 text-sm" data-testid="pack-status">
            Status: <StatusBadge status={order.status} label={order.status_label} />
            {order.shipment?.awb && (
              <>
                {" "}
                · AWB <span className="font-mono">{order.shipment.awb}</span> ({order.shipment.courier})
              </>
            )}
          </p>
          {scanning ? (
            <p className="mt-3 text-sm text-muted">Scan the IMEIs first.</p>
          ) : (
            <div className="mt-3 flex flex-wrap gap-3">
              {order.actions.book_shipment && (
                <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => act(`orders/${order.id}/shipment/`, {}, "Shipment booked")}>
                  Book the shipment
                </button>
              )}
              {ship && (
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={busy}
                  onClick={() => act(`orders/${order.id}/transition/`, { to: ship.to_status }, "Marked shipped")}
                >
                  Mark shipped
                </button>
              )}
              {!ship && !order.actions.book_shipment && <p className="text-sm text-muted">Nothing to hand over now.</p>}
            </div>
          )}
        </section>
      </div>

      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm font-medium text-red-900 lg:col-span-2" data-testid="pack-error">
          {error}
        </p>
      )}
    </div>
  );
}
