import { formatDateTime } from "@/lib/format";
import type { Order, OrderStatus } from "@/lib/types";
import { FLOW, STATUS_LABEL } from "./status";

/** The order's way through its states, with the time of each step from the API's history. */
export function Timeline({ order }: { order: Order }) {
  const reached = new Map<string, string>();
  for (const t of order.history) if (!reached.has(t.to_status)) reached.set(t.to_status, t.created_at);
  const ended = order.status === "CANCELLED" || order.status === "REFUNDED";
  const steps: OrderStatus[] = ended ? [...FLOW.filter((s) => reached.has(s)), ...(["CANCELLED", "REFUNDED"] as OrderStatus[]).filter((s) => reached.has(s) || s === order.status)] : FLOW;
  const current = steps.indexOf(order.status);
  return (
    <ol className="flex flex-col gap-0 sm:flex-row" aria-label="Order progress" data-testid="timeline">
      {steps.map((s, i) => {
        const done = i <= current;
        const at = reached.get(s);
        return (
          <li key={s} className="flex flex-1 items-start gap-3 sm:flex-col sm:gap-1" data-testid="timeline-step" data-state={i === current ? "current" : done ? "done" : "todo"}>
            <div className="flex items-center sm:w-full">
              <span
                aria-hidden="true"
                className={`grid h-7 w-7 shrink-0 place-items-center rounded-full text-xs font-bold ${
                  done ? (s === "CANCELLED" || s === "REFUNDED" ? "bg-gray-600 text-white" : "bg-brand-700 text-white") : "border-2 border-gray-300 bg-white text-gray-500"
                }`}
              >
                {done ? "✓" : i + 1}
              </span>
              {i < steps.length - 1 ? <span aria-hidden="true" className={`hidden h-0.5 flex-1 sm:block ${i < current ? "bg-brand-700" : "bg-gray-300"}`} /> : null}
            </div>
            <div className="pb-4 sm:pb-0 sm:pr-2">
              <p className={`text-sm ${i === current ? "font-bold" : done ? "font-semibold" : "text-muted"}`}>
                {STATUS_LABEL[s]}
                {i === current ? <span className="sr-only"> (current)</span> : null}
              </p>
              {at ? <p className="text-xs text-muted">{formatDateTime(at)}</p> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
