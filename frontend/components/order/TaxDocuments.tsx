import { formatDate, formatPrice } from "@/lib/format";
import type { Order } from "@/lib/types";

type TaxDocument = NonNullable<Order["invoice"]>;

/**
 * The storefront's path for a document's PDF: the API's path through the BFF, which adds the session
 * ("/api/orders/12/invoice/" → "/api/store/orders/12/invoice"; the storefront's URLs end without a slash).
 */
export function documentHref(doc: TaxDocument): string {
  return doc.url.replace(/^\/api\//, "/api/store/").replace(/\/+$/, "");
}

/**
 * "Download tax invoice (PS/2627/000123)": a plain link (the browser sends the session cookie), opened in a
 * new tab, where the PDF shows inline (named PS-2627-000123.pdf) with the browser's own save button.
 */
export function InvoiceLink({ invoice, className, testId }: { invoice: TaxDocument; className?: string; testId?: string }) {
  return (
    <a href={documentHref(invoice)} target="_blank" rel="noopener" className={className} data-testid={testId}>
      Download tax invoice ({invoice.number})
    </a>
  );
}

/** The order's tax invoice and any credit notes against it (refunds, returns); nothing before it is invoiced. */
export function TaxDocuments({ order }: { order: Order }) {
  const { invoice, credit_notes: notes } = order;
  if (!invoice) return null;
  return (
    <section aria-labelledby="documents-heading" className="rounded-xl border border-gray-200 p-4 text-sm" data-testid="tax-documents">
      <h2 id="documents-heading" className="font-bold">
        Tax invoice
      </h2>
      <p className="mt-1">
        <InvoiceLink invoice={invoice} className="font-semibold text-brand-800 underline" testId="invoice-link" />
      </p>
      <p className="text-muted">Issued {formatDate(invoice.issued_at)} · PDF</p>
      {notes.length ? (
        <ul className="mt-3 space-y-1" data-testid="credit-notes">
          {notes.map((note) => (
            <li key={note.id}>
              <a href={documentHref(note)} target="_blank" rel="noopener" className="font-semibold text-brand-800 underline" data-testid="credit-note-link">
                Credit note {note.number}
              </a>
              <span className="block text-muted">
                {formatPrice(note.total)} · issued {formatDate(note.issued_at)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
