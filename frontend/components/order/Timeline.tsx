import { formatDateTime } from "@/lib/format";
import type { Order } from "@/lib/types";

/** The order's way through its states as the API draws it (order.timeline, from the backend's lifecycle): the
 *  normal road while the order is on it, else the steps it reached and where it ended; each with its time. */
export function Timeline({ order }: { order: Order }) {
  const steps = order.timeline;
  const current = steps.findIndex((s) => s.state === "current");
  return (
    <ol className="flex flex-col gap-0 sm:flex-row" aria-label="Order progress" data-testid="timeline">
      {steps.map((step, i) => {
        const s = step.status;
        const done = step.state !== "upcoming";
        const at = step.at;
        return (
          <li key={s} className="flex flex-1 items-start gap-3 sm:flex-col sm:gap-1" data-testid="timeline-step" data-state={step.state === "upcoming" ? "todo" : step.state}>
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
                {step.label}
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
