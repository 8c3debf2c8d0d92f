/**
 * The console's sections, in the navigation's order. A section is listed once its page exists: Orders
 * (/staff/orders), Catalog (/staff/catalog) and Reports (/staff/reports) join here as they are built.
 */
export interface ConsoleSection {
  href: string;
  label: string;
}

export const SECTIONS: ConsoleSection[] = [
  { href: "/staff", label: "Today" },
  { href: "/staff/catalog", label: "Stock and prices" },
];
