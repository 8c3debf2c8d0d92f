import type { LegalFacts } from "@/lib/types";

interface Row {
  label: string;
  value: string;
  href?: string;
  testId?: string;
}

function rows(slug: string, facts: LegalFacts): Row[] {
  const mail = (address: string) => (address ? `mailto:${address}` : undefined);
  const call = (number: string) => (number ? `tel:${number.replace(/[^+\d]/g, "")}` : undefined);
  if (slug === "grievance") {
    const g = facts.grievance;
    return [
      { label: "Grievance officer", value: g.name, testId: "grievance-name" },
      { label: "Designation", value: g.designation },
      { label: "Email", value: g.email, href: mail(g.email), testId: "grievance-email" },
      { label: "Phone", value: g.phone, href: call(g.phone), testId: "grievance-phone" },
      { label: "Acknowledged within", value: `${g.acknowledge_hours} hours` },
      { label: "Resolved within", value: g.resolve_within },
    ];
  }
  if (slug === "seller") {
    const s = facts.seller;
    return [
      { label: "Legal name", value: s.legal_name, testId: "seller-name" },
      { label: "Trade name", value: s.trade_name },
      { label: "GSTIN", value: s.gstin, testId: "seller-gstin" },
      { label: "Registered address", value: s.address },
      { label: "Email", value: s.email, href: mail(s.email) },
      { label: "Phone", value: s.phone, href: call(s.phone) },
    ];
  }
  return [];
}

/** The seller's and the grievance officer's particulars, set out as the E-Commerce Rules ask them to be shown. */
export function KeyFacts({ slug, facts }: { slug: string; facts: LegalFacts }) {
  const shown = rows(slug, facts).filter((r) => r.value);
  if (!shown.length) return null;
  return (
    <dl className="mb-8 grid gap-x-6 gap-y-2 rounded-xl border border-gray-200 bg-gray-50 p-4 sm:grid-cols-[max-content_1fr]" data-testid="key-facts">
      {shown.map((r) => (
        <div key={r.label} className="contents">
          <dt className="font-semibold">{r.label}</dt>
          <dd data-testid={r.testId}>
            {r.href ? (
              <a href={r.href} className="text-brand-800 underline">
                {r.value}
              </a>
            ) : (
              r.value
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
