import type { OrderStatus } from "@/lib/types";
import { STATUS_TONE } from "./status";

export function StatusBadge({ status, label, testId }: { status: OrderStatus; label: string; testId?: string }) {
  return (
    <span className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-semibold ${STATUS_TONE[status]}`} data-testid={testId} data-status={status}>
      {label}
    </span>
  );
}
