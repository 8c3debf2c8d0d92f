import type { OrderStatus } from "@/lib/types";

// The labels come from the API (status_label, the order lifecycle's); the tones are this storefront's own.
export const STATUS_TONE: Record<OrderStatus, string> = {
  PENDING_PAYMENT: "bg-amber-100 text-amber-900",
  CONFIRMATION_PENDING: "bg-amber-100 text-amber-900",
  CONFIRMED: "bg-green-100 text-green-900",
  PAID: "bg-green-100 text-green-900",
  PACKED: "bg-sky-100 text-sky-900",
  SHIPPED: "bg-indigo-100 text-indigo-900",
  DELIVERED: "bg-green-100 text-green-900",
  CANCELLED: "bg-gray-200 text-gray-800",
  REFUNDED: "bg-gray-200 text-gray-800",
};

/** Still moving: the order page refreshes itself (fast while a payment may land, slowly while shipping). */
export function refreshSeconds(status: OrderStatus): number | null {
  if (status === "PENDING_PAYMENT" || status === "CONFIRMATION_PENDING") return 5;
  if (status === "PAID" || status === "CONFIRMED" || status === "PACKED" || status === "SHIPPED") return 30;
  return null;
}
