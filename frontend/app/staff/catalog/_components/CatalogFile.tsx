"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { CatalogImportReport } from "@/lib/staff-types";
import { StoreError } from "@/lib/store-client";
import { consoleCall, refusalMessage } from "../../_components/console-client";

/** What a refused import shows: the API's message and its field messages (rows.<line>.<field>). */
type Refusal = Pick<StoreError, "message" | "fields">;

const cell = "px-3 py-2 text-left";

/**
 * Import a CSV (as exported): a dry run first, whose changes (field: old → new) and refused rows the API lists, then
 * Confirm, which the API writes all or nothing. Nothing here checks a row: the rules are the API's.
 */
export function CatalogFile() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CatalogImportReport | null>(null);
  const [error, setError] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");

  async function send(dryRun: boolean) {
    if (!file || busy) return;
    const form = new FormData();
    form.append("file", file);
    form.append("dry_run", dryRun ? "true" : "false");
    setBusy(true);
    setError(null);
    setDone("");
    let report: CatalogImportReport;
    try {
      report = await consoleCall<CatalogImportReport>("catalog/import/", { method: "POST", body: form });
    } catch (err) {
      setBusy(false);
      setError(err instanceof StoreError ? err : { message: refusalMessage(err), fields: {} });
      if (!dryRun) setPreview(null);
      return;
    }
    setBusy(false);
    if (dryRun) {
      setPreview(report);
      return;
    }
    setPreview(null);
    setFile(null);
    if (input.current) input.current.value = "";
    setDone(`Imported: ${report.changed} of ${report.rows} rows changed.`);
    router.refresh();
  }

  return (
    <section aria-labelledby="import-title" className="space-y-4 rounded-xl border border-gray-200 bg-white p-4">
      <h2 id="import-title" className="text-xl font-bold">
        Import prices and stock
      </h2>
      <p className="text-sm text-muted">
        Export the CSV, change price, mrp or stock, and import it back. You see every change before it is made; a file with any refused row changes
        nothing.
      </p>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <div className="flex flex-col">
          <label htmlFor="import-file" className="text-sm font-medium">
            CSV file
          </label>
          <input
            id="import-file"
            ref={input}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setError(null);
            }}
            className="min-h-11"
          />
        </div>
        <button type="submit" className="btn btn-secondary" disabled={!file || busy}>
          Preview changes
        </button>
      </form>
      <div role="status" aria-live="polite" className="text-sm font-medium text-green-800" data-testid="import-status">
        {busy ? "Working…" : done}
      </div>
      {error && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="import-error">
          <p className="font-medium">{error.message}</p>
          <ul className="mt-1 list-disc pl-5">
            {Object.entries(error.fields)
              .slice(0, 50)
              .map(([name, messages]) => (
                <li key={name}>
                  {name.replace(/^rows\.(\d+)\./, "Line $1, ")}: {messages.join(" ")}
                </li>
              ))}
          </ul>
        </div>
      )}
      {preview && <Preview report={preview} busy={busy} onConfirm={() => void send(false)} />}
    </section>
  );
}

function Preview({ report, busy, onConfirm }: { report: CatalogImportReport; busy: boolean; onConfirm: () => void }) {
  const canImport = report.refused.length === 0 && report.changed > 0;
  return (
    <div className="space-y-3" data-testid="import-preview">
      <p className="font-medium">
        {report.rows} rows read: {report.changed} would change, {report.refused.length} refused.
        {report.changed === 0 && report.refused.length === 0 ? " Nothing to import." : ""}
      </p>
      {report.refused.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="text-left font-bold text-red-800">Refused rows: correct them and preview again</caption>
            <thead>
              <tr>
                <th scope="col" className={cell}>Line</th>
                <th scope="col" className={cell}>Variant id</th>
                <th scope="col" className={cell}>Why</th>
              </tr>
            </thead>
            <tbody>
              {report.refused.slice(0, 200).map((row) => (
                <tr key={row.line} className="border-t border-gray-100">
                  <td className={cell}>{row.line}</td>
                  <td className={cell}>{row.id ?? "—"}</td>
                  <td className={cell}>
                    {Object.entries(row.reasons)
                      .map(([name, messages]) => `${name}: ${messages.join(" ")}`)
                      .join("; ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.changes.length > 0 && (
        <div className="max-h-96 overflow-auto">
          <table className="w-full text-sm">
            <caption className="text-left font-bold">Changes</caption>
            <thead>
              <tr>
                <th scope="col" className={cell}>Line</th>
                <th scope="col" className={cell}>SKU</th>
                <th scope="col" className={cell}>Change</th>
              </tr>
            </thead>
            <tbody>
              {report.changes.slice(0, 500).map((row) => (
                <tr key={row.line} className="border-t border-gray-100">
                  <td className={cell}>{row.line}</td>
                  <td className={`${cell} font-mono`}>{row.sku}</td>
                  <td className={cell}>
                    {Object.entries(row.diff)
                      .map(([name, change]) => `${name}: ${change.old} → ${change.new}`)
                      .join("; ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.changes.length > 500 && <p className="text-sm text-muted">And {report.changes.length - 500} more.</p>}
        </div>
      )}
      {canImport && (
        <button type="button" className="btn btn-primary" onClick={onConfirm} disabled={busy}>
          Confirm: change {report.changed} {report.changed === 1 ? "variant" : "variants"}
        </button>
      )}
    </div>
  );
}
