/**
 * The staff console's wire types (app/staff), from the API's schema like the storefront's (lib/types.ts).
 * Money is a decimal string in INR: formatted, never added up here (the API sums).
 */
import type { components } from "./api-schema";

type Wire = components["schemas"];

/** GET /api/staff/reports/dashboard/: the queues (counted now) and the charts (cached a minute). */
export type Dashboard = Wire["Dashboard"];
export type Queues = Wire["Queues"];
export type DaySales = Wire["DaySales"];
export type MethodSales = Wire["MethodSales"];
export type BrandSales = Wire["BrandSales"];
export type Cancellations = Wire["Cancellations"];
export type LowStockVariant = Wire["LowStockVariant"];

/** Stock and prices (/staff/catalog): GET /api/staff/variants/, PATCH .../{id}/, POST .../bulk/, the CSV import. */
export type StaffVariant = Wire["StaffVariant"];
export type StaffVariantPage = Wire["PaginatedStaffVariantList"];
export type StaleVariant = Wire["StaleVariant"];
export type VariantBulkResult = Wire["VariantBulkResult"];
export type CatalogImportReport = Wire["CatalogImportReport"];

/** The roles the console opens to (GET /api/auth/me/ `role`); the staff API checks permissions on every call. */
export const CONSOLE_ROLES: ReadonlyArray<string> = ["staff", "admin"];

/** Pickup manifests (GET/POST /api/staff/manifests/) and today's parcels awaiting one (manifests/pending/). */
export type Manifest = Wire["Manifest"];
export type ManifestDetail = Wire["ManifestDetail"];
export type PendingPickups = Wire["PendingPickups"];
/** GET /api/staff/orders/ (a page of) and GET /api/staff/orders/{id}/ (the order page's answer). */
export type StaffOrder = Wire["StaffOrder"];
export type StaffOrderPage = Wire["PaginatedStaffOrderList"];
export type StaffOrderDetail = Wire["StaffOrderDetail"];
export type StaffOrderItem = Wire["StaffOrderItem"];
export type StaffShipment = Wire["StaffShipment"];
export type StaffPayment = Wire["StaffPayment"];
export type OrderAudit = Wire["OrderAudit"];
/** GET /api/staff/reports/sales/: sales over a chosen range, the rows of one `by` (day, brand or variant). */
export type SalesReport = Wire["SalesReport"];
export type VariantSales = Wire["VariantSales"];
export type SalesBy = SalesReport["by"];

/** GET /api/staff/users/ (admin only): the staff and admin accounts. */
export type StaffAccount = Wire["StaffAccount"];
