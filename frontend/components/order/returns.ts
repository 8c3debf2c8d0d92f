import type { ReturnStatus } from "@/lib/types";

/** The API's limits for a return's photos (returns.services.MAX_PHOTOS, MAX_PHOTO_BYTES), checked before upload. */
export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];

// The API lists the reasons by value (returns.models.ReturnReason); these are its labels.
const REASON_LABEL: Record<string, string> = {
  dead_on_arrival: "Dead on arrival",
  damaged_in_transit: "Damaged in transit",
  not_as_described: "Not as described",
  other: "Other",
};

export const reasonLabel = (reason: string) => REASON_LABEL[reason] ?? reason.replace(/_/g, " ");

/** Badge colours, as the order's own (status.ts): waiting amber, under way sky or indigo, money back green, stopped grey. */
export const RETURN_TONE: Record<ReturnStatus, string> = {
  requested: "bg-amber-100 text-amber-900",
  approved: "bg-sky-100 text-sky-900",
  pickup_scheduled: "bg-sky-100 text-sky-900",
  picked_up: "bg-indigo-100 text-indigo-900",
  received: "bg-indigo-100 text-indigo-900",
  refund_pending: "bg-amber-100 text-amber-900",
  refunded: "bg-green-100 text-green-900",
  replacement_shipped: "bg-green-100 text-green-900",
  rejected: "bg-gray-200 text-gray-800",
  closed: "bg-gray-200 text-gray-800",
};
