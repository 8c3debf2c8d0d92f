import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { JsonLd } from "@/components/JsonLd";
import { KeyFacts } from "@/components/legal/KeyFacts";
import { LegalText } from "@/components/legal/LegalText";
import { isNotFound } from "@/lib/api";
import { formatDate } from "@/lib/format";
import { getLegalPage } from "@/lib/legal";
import { LEGAL_PAGES, isLegalSlug, legalPath, type LegalSlug } from "@/lib/legal-pages";
import { breadcrumbJsonLd, pageMetadata, truncate } from "@/lib/seo";
import type { LegalPage } from "@/lib/types";

// Rendered on the first visit, then served from the cache; an edit in the admin expires the "legal" tag at once
// (the API calls /api/revalidate), this window otherwise.
export const revalidate = 300;
export const dynamicParams = true;
export function generateStaticParams(): { slug: string }[] {
  return [];
}

async function load(slug: string): Promise<LegalPage> {
  if (!isLegalSlug(slug)) notFound();
  try {
    return await getLegalPage(slug);
  } catch (err) {
    if (isNotFound(err)) notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: PageProps<"/legal/[slug]">): Promise<Metadata> {
  const { slug } = await params;
  const page = await load(slug);
  return pageMetadata({ title: page.title, description: truncate(page.description), path: legalPath(slug as LegalSlug) });
}

export default async function LegalPageView({ params }: PageProps<"/legal/[slug]">) {
  const { slug } = await params;
  const page = await load(slug);
  const path = legalPath(slug as LegalSlug);
  return (
    <article className="mx-auto max-w-3xl">
      <JsonLd data={breadcrumbJsonLd([{ name: "Home", path: "/" }, { name: page.title, path }])} />
      <Breadcrumbs items={[{ name: "Home", href: "/" }, { name: page.title }]} />
      <h1 className="text-3xl font-bold">{page.title}</h1>
      <p className="mb-6 mt-2 text-sm text-muted" data-testid="legal-updated">
        Last updated <time dateTime={page.updated_at}>{formatDate(page.updated_at)}</time> (version {page.version})
      </p>
      <KeyFacts slug={slug} facts={page.facts} />
      {slug === "grievance" ? (
        <p className="mb-8">
          <Link href="/support" className="btn btn-primary" data-testid="file-complaint">
            File a complaint
          </Link>
        </p>
      ) : null}
      <LegalText blocks={page.blocks} />
      <nav aria-labelledby="policies-heading" className="mt-12 border-t border-gray-200 pt-6">
        <h2 id="policies-heading" className="mb-2 text-lg font-semibold">
          Our other policies
        </h2>
        <ul className="grid gap-1 sm:grid-cols-2">
          {LEGAL_PAGES.filter((p) => p.slug !== slug).map((p) => (
            <li key={p.slug}>
              <Link href={legalPath(p.slug)} prefetch={false} className="inline-block py-1 text-brand-800 underline">
                {p.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </article>
  );
}
