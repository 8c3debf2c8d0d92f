/**
 * The console's sections, in the navigation's order. A section is listed once its page exists: Orders
 * (/staff/orders), Catalog (/staff/catalog) and Reports (/staff/reports) join here as they are built.
 */
export interface ConsoleSection {
  href: string;
  label: string;
  /** Only these roles see the section (its page is the 404 page to the others); every console role if left out. */
  roles?: string[];
}

export const SECTIONS: ConsoleSection[] = [
  { href: "/staff", label: "Today" },
  { href: "/staff/orders", label: "Orders" },
  { href: "/staff/catalog", label: "Stock and prices" },
  { href: "/staff/reports", label: "Reports" },
  { href: "/staff/users", label: "Users", roles: ["admin"] },
];

/** The sections a role sees. */
export function sectionsFor(role: string | null | undefined): ConsoleSection[] {
  return SECTIONS.filter((s) => !s.roles || (role != null && s.roles.includes(role)));
}
