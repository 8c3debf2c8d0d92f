/**
 * The pages the law asks for (/legal/<slug>) and the names the footer and checkout link them by. No API reads here
 * (lib/legal.ts has them), so client components can import it.
 */

/** Every page, in the footer's order. The slugs are the API's (legal.models.PageSlug). */
export const LEGAL_PAGES = [
  { slug: "seller", label: "About the seller" },
  { slug: "grievance", label: "Grievance redressal" },
  { slug: "returns", label: "Returns policy" },
  { slug: "refunds", label: "Refund policy" },
  { slug: "cancellation", label: "Cancellation policy" },
  { slug: "shipping", label: "Shipping policy" },
  { slug: "privacy", label: "Privacy notice" },
  { slug: "terms", label: "Terms of use" },
] as const;

export type LegalSlug = (typeof LEGAL_PAGES)[number]["slug"];

export function isLegalSlug(slug: string): slug is LegalSlug {
  return LEGAL_PAGES.some((p) => p.slug === slug);
}

export const legalPath = (slug: LegalSlug) => `/legal/${slug}`;
