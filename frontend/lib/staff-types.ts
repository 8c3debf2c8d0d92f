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
