"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { formatPrice } from "@/lib/format";
import type { StaffVariant, StaleVariant, VariantBulkResult } from "@/lib/staff-types";
import { StoreError } from "@/lib/store-client";
import { consoleCall, refusalMessage } from "../../_components/console-client";

type Field = "price" | "mrp" | "stock";
const FIELD_LABELS: Record<Field, string> = { price: "Price", mrp: "MRP", stock: "Stock" };

interface Editing {
  id: number;
  field: Field;
  draft: string;
}

const num = "px-3 py-2 text-right tabular-nums";
const cell = "px-3 py-2 text-left";

function shown(row: StaffVariant, field: Field): string {
  return field === "stock" ? row.stock.toLocaleString("en-IN") : formatPrice(row[field]);
}

/**
 * The variants with inline edits and bulk changes. Every check is the API's: a refused value shows the API's own
 * message under the field; an edit made from an older version (someone else changed the row) is refused with the row
 * as it is now, which "Reload" puts in place so nothing is lost unseen.
 */
export function VariantTable({ rows: initial }: { rows: StaffVariant[] }) {
  const router = useRouter();
  const [rows, setRows] = useState(initial);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<number, Record<string, string[]>>>({});
  const [conflicts, setConflicts] = useState<Record<number, StaffVariant>>({});
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [status, setStatus] = useState("");
  const [alert, setAlert] = useState("");
  const cells = useRef(new Map<string, HTMLButtonElement>());
  const refocus = useRef<string | null>(null);

  // New rows from the server (another page, a filter, a reload): start afresh from them.
  const [source, setSource] = useState(initial);
  if (source !== initial) {
    setSource(initial);
    setRows(initial);
    setSelected(new Set());
    setConflicts({});
    setErrors({});
  }

  useEffect(() => {
    if (editing === null && refocus.current) {
      cells.current.get(refocus.current)?.focus();
      refocus.current = null;
    }
  }, [editing]);

  const replace = (fresh: StaffVariant[]) => {
    const byId = new Map(fresh.map((r) => [r.id, r]));
    setRows((current) => current.map((r) => byId.get(r.id) ?? r));
  };

  const stopEditing = (key: string) => {
    refocus.current = key;
    setEditing(null);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!editing || busy) return;
    const row = rows.find((r) => r.id === editing.id)!;
    const key = `${row.id}-${editing.field}`;
    setBusy(true);
    let saved: StaffVariant;
    try {
      saved = await consoleCall<StaffVariant>(`variants/${row.id}/`, {
        method: "PATCH",
        body: { version: row.version, [editing.field]: editing.draft.trim() },
      });
    } catch (err) {
      setBusy(false);
      if (err instanceof StoreError && err.status === 409 && err.code === "stale_version") {
        // The refusal carries the row as it is now beside its error.
        setConflicts((c) => ({ ...c, [row.id]: (err.body as StaleVariant).current }));
        setAlert(`${row.sku} was changed by someone else: reload it before editing.`);
        stopEditing(key);
        return;
      }
      const fields = err instanceof StoreError ? err.fields : {};
      const messages = fields[editing.field] ?? fields.non_field_errors ?? [refusalMessage(err)];
      setErrors((e) => ({ ...e, [row.id]: { [editing.field]: messages } }));
      return;
    }
    setBusy(false);
    replace([saved]);
    setErrors((e) => ({ ...e, [row.id]: {} }));
    setStatus(`Saved: ${FIELD_LABELS[editing.field]} of ${row.sku} is now ${shown(saved, editing.field)}.`);
    stopEditing(key);
  }

  function reload(id: number) {
    const current = conflicts[id];
    if (!current) return;
    replace([current]);
    setConflicts((c) => Object.fromEntries(Object.entries(c).filter(([key]) => Number(key) !== id)));
    setStatus(`Reloaded ${current.sku}.`);
  }

  function onKey(event: KeyboardEvent<HTMLInputElement>, key: string) {
    if (event.key === "Escape") {
      event.preventDefault();
      setErrors((e) => ({ ...e, [editing!.id]: {} }));
      stopEditing(key);
    }
  }

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function bulk(operation: "set_stock" | "price_percent", value: string) {
    const chosen = rows.filter((r) => selected.has(r.id));
    if (!chosen.length || busy) return;
    setBusy(true);
    let result: VariantBulkResult;
    try {
      result = await consoleCall<VariantBulkResult>("variants/bulk/", {
        method: "POST",
        body: {
          variants: chosen.map((r) => ({ id: r.id, version: r.version })),
          operation,
          ...(operation === "set_stock" ? { stock: value.trim() === "" ? null : Number(value) } : { percent: value.trim() }),
        },
      });
    } catch (err) {
      setBusy(false);
      refused(err);
      return;
    }
    setBusy(false);
    replace(result.variants);
    setErrors({});
    setAlert("");
    setStatus(`Changed ${result.changed} of ${chosen.length} selected variants.`);
  }

  function refused(err: unknown) {
    // Rows are named variants.<id>[.<field>]; anything else is about the request itself.
    const perRow: Record<number, Record<string, string[]>> = {};
    const general: string[] = [];
    for (const [name, messages] of Object.entries(err instanceof StoreError ? err.fields : {})) {
      const match = /^variants\.(\d+)(?:\.(\w+))?$/.exec(name);
      if (match) perRow[Number(match[1])] = { ...perRow[Number(match[1])], [match[2] ?? "row"]: messages };
      else general.push(`${name}: ${messages.join(" ")}`);
    }
    setErrors(perRow);
    const stale = err instanceof StoreError && err.code === "stale_version" ? " Some rows changed since you loaded them: reload the page." : "";
    setAlert(`Nothing was changed. ${refusalMessage(err)}${stale} ${general.join(" ")}`.trim());
  }

  return (
    <div className="space-y-3">
      <p role="status" aria-live="polite" className="min-h-6 text-sm font-medium text-green-800" data-testid="catalog-status">
        {status}
      </p>
      <p role="alert" className="min-h-0 text-sm font-medium text-red-800 empty:hidden" data-testid="catalog-alert">
        {alert}
      </p>
      <BulkBar count={selected.size} busy={busy} onApply={bulk} onReload={() => router.refresh()} />
      <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white">
        <table className="w-full min-w-[56rem] text-sm">
          <caption className="sr-only">Variants with their price, MRP and stock</caption>
          <thead className="bg-gray-50 text-left">
            <tr>
              <th scope="col" className={cell}>
                <input
                  type="checkbox"
                  aria-label="Select every variant on this page"
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                  className="size-5"
                />
              </th>
              <th scope="col" className={cell}>Phone</th>
              <th scope="col" className={cell}>Brand</th>
              <th scope="col" className={cell}>Variant / SKU</th>
              <th scope="col" className={num}>Price</th>
              <th scope="col" className={num}>MRP</th>
              <th scope="col" className={num}>Stock</th>
              <th scope="col" className={cell}>On sale</th>
              <th scope="col" className={cell}>
                <span className="sr-only">Problems</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const conflict = conflicts[row.id];
              const rowErrors = errors[row.id] ?? {};
              return (
                <tr key={row.id} className="border-t border-gray-100 align-top" data-testid={`variant-${row.id}`}>
                  <td className={cell}>
                    <input type="checkbox" aria-label={`Select ${row.sku}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} className="size-5" />
                  </td>
                  <td className={cell}>{row.product_title}</td>
                  <td className={cell}>{row.brand}</td>
                  <td className={cell}>
                    {row.ram_gb}/{row.storage_gb} GB {row.color}
                    <span className="block font-mono text-xs text-muted">{row.sku}</span>
                  </td>
                  {(["price", "mrp", "stock"] as Field[]).map((field) => {
                    const key = `${row.id}-${field}`;
                    const isEditing = editing?.id === row.id && editing.field === field;
                    const messages = rowErrors[field];
                    const errorId = `${key}-error`;
                    return (
                      <td key={field} className={num}>
                        {isEditing ? (
                          <form onSubmit={save} className="flex flex-col items-end gap-1">
                            <label htmlFor={`${key}-input`} className="sr-only">
                              {FIELD_LABELS[field]} of {row.sku}
                            </label>
                            <input
                              id={`${key}-input`}
                              autoFocus
                              value={editing.draft}
                              onChange={(e) => setEditing({ ...editing, draft: e.target.value })}
                              onKeyDown={(e) => onKey(e, key)}
                              inputMode={field === "stock" ? "numeric" : "decimal"}
                              aria-invalid={messages ? true : undefined}
                              aria-describedby={messages ? errorId : undefined}
                              disabled={busy}
                              className="min-h-11 w-28 rounded-md border border-gray-500 px-2 text-right"
                            />
                            <button type="submit" className="sr-only">
                              Save
                            </button>
                            {messages && (
                              <span id={errorId} className="max-w-48 text-left text-xs text-red-800">
                                {messages.join(" ")}
                              </span>
                            )}
                          </form>
                        ) : (
                          <button
                            type="button"
                            ref={(el) => {
                              if (el) cells.current.set(key, el);
                              else cells.current.delete(key);
                            }}
                            onClick={() => {
                              setErrors((e) => ({ ...e, [row.id]: {} }));
                              setEditing({ id: row.id, field, draft: field === "stock" ? String(row.stock) : row[field] });
                            }}
                            disabled={Boolean(conflict)}
                            aria-label={`${FIELD_LABELS[field]} of ${row.sku}: ${shown(row, field)}. Change`}
                            className="min-h-11 min-w-20 rounded-md px-2 text-right underline decoration-dotted underline-offset-4 hover:bg-brand-50 disabled:no-underline"
                            data-testid={`edit-${field}-${row.id}`}
                          >
                            {shown(row, field)}
                          </button>
                        )}
                      </td>
                    );
                  })}
                  <td className={cell}>{row.sellable ? "Yes" : "No"}</td>
                  <td className={cell}>
                    {conflict && (
                      <div className="flex flex-col items-start gap-1" data-testid={`conflict-${row.id}`}>
                        <span className="font-medium text-red-800">Changed by someone else — reload.</span>
                        <button type="button" className="btn btn-secondary px-3 py-1" onClick={() => reload(row.id)}>
                          Reload {row.sku}
                        </button>
                      </div>
                    )}
                    {!conflict &&
                      Object.entries(rowErrors)
                        .filter(([name]) => !editing || editing.id !== row.id || name !== editing.field)
                        .map(([name, messages]) => (
                          <span key={name} className="block text-xs text-red-800">
                            {name === "row" ? "" : `${FIELD_LABELS[name as Field] ?? name}: `}
                            {messages.join(" ")}
                          </span>
                        ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && <p className="p-4 text-muted">No variants match.</p>}
      </div>
    </div>
  );
}

function BulkBar({
  count,
  busy,
  onApply,
  onReload,
}: {
  count: number;
  busy: boolean;
  onApply: (operation: "set_stock" | "price_percent", value: string) => void;
  onReload: () => void;
}) {
  const [stock, setStock] = useState("");
  const [percent, setPercent] = useState("");
  const disabled = busy || count === 0;
  return (
    <section aria-labelledby="bulk-title" className="flex flex-wrap items-end gap-4 rounded-xl border border-gray-200 bg-white p-4">
      <h2 id="bulk-title" className="w-full text-base font-bold">
        Change the {count} selected {count === 1 ? "variant" : "variants"}
      </h2>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          onApply("set_stock", stock);
        }}
      >
        <div className="flex flex-col">
          <label htmlFor="bulk-stock" className="text-sm font-medium">
            Set stock to
          </label>
          <input id="bulk-stock" inputMode="numeric" value={stock} onChange={(e) => setStock(e.target.value)} className="min-h-11 w-28 rounded-md border border-gray-400 px-2" />
        </div>
        <button type="submit" className="btn btn-secondary" disabled={disabled}>
          Set stock
        </button>
      </form>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          onApply("price_percent", percent);
        }}
      >
        <div className="flex flex-col">
          <label htmlFor="bulk-percent" className="text-sm font-medium">
            Change prices by (%)
          </label>
          <input id="bulk-percent" inputMode="decimal" value={percent} onChange={(e) => setPercent(e.target.value)} aria-describedby="bulk-percent-hint" className="min-h-11 w-28 rounded-md border border-gray-400 px-2" />
          <span id="bulk-percent-hint" className="text-xs text-muted">
            e.g. -5 or 2.5
          </span>
        </div>
        <button type="submit" className="btn btn-secondary" disabled={disabled}>
          Change prices
        </button>
      </form>
      <button type="button" className="btn btn-secondary ml-auto" onClick={onReload}>
        Reload the page&apos;s rows
      </button>
    </section>
  );
}
