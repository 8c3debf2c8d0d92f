import { statusTone } from "./labels";

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span className={`inline-flex items-center whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ${statusTone(status)}`} data-status={status}>
      {label}
    </span>
  );
}
