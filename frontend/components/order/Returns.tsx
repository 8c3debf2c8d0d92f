import { formatDateTime, formatPrice } from "@/lib/format";
import type { Order, OrderReturns, ReturnRequest, ReturnStep } from "@/lib/types";
import { ReturnForm } from "./ReturnForm";
import { RETURN_TONE, reasonLabel } from "./returns";

/** The storefront's path for a return's photo: the API's path through the BFF (as documentHref does for PDFs). */
const photoHref = (url: string) => url.replace(/^\/api\//, "/api/store/").replace(/\/+$/, "");

/** A return's own way through its states, as the API draws it (timeline: done, current, upcoming). */
function ReturnTimeline({ steps }: { steps: ReturnStep[] }) {
  return (
    <ol className="mt-3 space-y-2 border-l-2 border-gray-200 pl-4 text-sm" aria-label="Return progress" data-testid="return-timeline">
      {steps.map((step) => (
        <li key={step.status} data-testid="return-step" data-status={step.status} data-state={step.state}>
          <p className={step.state === "current" ? "font-bold" : step.state === "done" ? "font-semibold" : "text-muted"}>
            <span aria-hidden="true">{step.state === "upcoming" ? "○ " : "● "}</span>
            {step.label}
            {step.state === "current" ? <span className="sr-only"> (current)</span> : null}
          </p>
          {step.at ? (
            <p className="text-xs text-muted">
              {formatDateTime(step.at)}
              {step.note ? ` · ${step.note}` : ""}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function ReturnCard({ r }: { r: ReturnRequest }) {
  const steps = r.timeline as unknown as ReturnStep[];
  const refunded = r.status === "refunded" || (r.status === "closed" && r.resolution === "refund");
  return (
    <li className="rounded-xl border border-gray-200 p-4 text-sm" data-testid="return" data-return-id={r.id} data-status={r.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-semibold">
          Return #{r.id} · {r.outcome === "refund" ? "refund" : "replacement"} · {reasonLabel(r.reason)}
        </p>
        <span className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-semibold ${RETURN_TONE[r.status]}`} data-testid="return-status" data-status={r.status}>
          {r.status_label}
        </span>
      </div>
      <p className="text-muted">Requested {formatDateTime(r.created_at)}</p>
      <ul className="mt-2">
        {r.units.map((u) => (
          <li key={u.id} data-testid="return-unit-row">
            {u.title} ({u.variant_label}){u.imeis.length ? ` · IMEI ${u.imeis.join(" / ")}` : ""}
          </li>
        ))}
      </ul>
      {refunded ? (
        <p className="mt-2 rounded-md bg-green-50 px-3 py-2 font-semibold text-green-900" data-testid="return-refund">
          Refunded {formatPrice(r.refund_amount)}
          {r.refunded_at_gateway ? " (with the order's refund)" : ""}
        </p>
      ) : r.status === "refund_pending" ? (
        <p className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-amber-900" data-testid="return-refund">
          A refund of {formatPrice(r.refund_amount)} is on its way.
        </p>
      ) : null}
      {r.rejection_reason ? (
        <p className="mt-2 rounded-md bg-gray-50 px-3 py-2" data-testid="return-rejection">
          Not accepted: {r.rejection_reason}
        </p>
      ) : null}
      {r.pickup_awb ? (
        <p className="mt-2">
          Pickup: {r.pickup_courier} · AWB{" "}
          {r.pickup_tracking_url ? (
            <a href={r.pickup_tracking_url} target="_blank" rel="noopener noreferrer" className="font-semibold text-brand-800 underline">
              {r.pickup_awb}
            </a>
          ) : (
            r.pickup_awb
          )}
        </p>
      ) : null}
      {r.replacement_awb ? (
        <p className="mt-1">
          Replacement: AWB{" "}
          {r.replacement_tracking_url ? (
            <a href={r.replacement_tracking_url} target="_blank" rel="noopener noreferrer" className="font-semibold text-brand-800 underline">
              {r.replacement_awb}
            </a>
          ) : (
            r.replacement_awb
          )}
        </p>
      ) : null}
      {r.photos.length ? (
        <ul className="mt-2 flex gap-2" aria-label="Your photos">
          {r.photos.map((url, i) => (
            <li key={url}>
              <a href={photoHref(url)} target="_blank" rel="noopener">
                {/* eslint-disable-next-line @next/next/no-img-element -- a private photo through the BFF, not for next/image */}
                <img src={photoHref(url)} alt={`Photo ${i + 1}`} className="h-16 w-16 rounded-md border border-gray-200 object-cover" data-testid="return-photo" />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <ReturnTimeline steps={steps} />
    </li>
  );
}

/**
 * The order's returns: the request form while the window is open (a delivered order, within
 * RETURN_WINDOW_DAYS), or until when it was; then each return with its own timeline.
 */
export function Returns({ order, returns }: { order: Order; returns: OrderReturns }) {
  const closed = order.status === "DELIVERED" && !returns.can_request && returns.window_closes_at && new Date(returns.window_closes_at) < new Date();
  if (order.status !== "DELIVERED" && !returns.results.length) return null;
  return (
    <section aria-labelledby="returns-heading" className="space-y-4" data-testid="returns">
      <h2 id="returns-heading" className="text-lg font-bold">
        Returns
      </h2>
      {order.status === "DELIVERED" && returns.can_request ? <ReturnForm orderId={order.id} returns={returns} /> : null}
      {closed ? (
        <p className="text-sm text-muted" data-testid="return-window-closed">
          Returns for this order were accepted until {formatDateTime(returns.window_closes_at!)}.
        </p>
      ) : null}
      {returns.results.length ? (
        <ul className="space-y-3" data-testid="return-list">
          {returns.results.map((r) => (
            <ReturnCard key={r.id} r={r} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
