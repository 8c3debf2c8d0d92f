import type { Metadata } from "next";
import Link from "next/link";
import { ComplaintForm } from "@/components/support/ComplaintForm";
import { getLegalIndex } from "@/lib/legal";
import { legalPath } from "@/lib/legal-pages";
import { pageMetadata } from "@/lib/seo";
import { hasSession, pageApi } from "@/lib/server/account";
import type { User } from "@/lib/types";

export const metadata: Metadata = pageMetadata({
  title: "Complaints and help",
  description:
    "Tell our grievance officer what went wrong with an order, a delivery, a return, a refund or your data: a reference at once, an answer within one month.",
  path: "/support",
});

export default async function SupportPage() {
  const [{ facts }, me] = await Promise.all([getLegalIndex(), hasSession().then((signedIn) => (signedIn ? pageApi<User>("/api/auth/me/") : null))]);
  const officer = facts.grievance;
  const user = me?.body ?? null;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Complaints and help</h1>
        <p className="mt-2 text-muted">
          Your complaint goes to our grievance officer, {officer.name} ({officer.designation}), who acknowledges it at once and
          resolves it within {officer.resolve_within}. You can also write to{" "}
          <a href={`mailto:${officer.email}`} className="text-brand-800 underline">
            {officer.email}
          </a>
          {officer.phone ? ` or call ${officer.phone}` : ""}. More on our{" "}
          <Link href={legalPath("grievance")} className="text-brand-800 underline">
            grievance redressal page
          </Link>
          .
        </p>
      </div>
      <ComplaintForm name={user?.full_name ?? ""} email={user?.email ?? ""} />
    </div>
  );
}
