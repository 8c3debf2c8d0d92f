import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/account/ProfileForm";
import { SITE_NAME } from "@/lib/config";
import { consoleMetadata, requireStaff } from "@/lib/server/staff";
import { ConsoleNav } from "./_components/ConsoleNav";
import "./console.css";

// Only for staff: to anyone else the console's 404 page is the store's own, titles and all.
export function generateMetadata(): Promise<Metadata> {
  return consoleMetadata({
    title: { default: "Staff console", template: `%s · Staff · ${SITE_NAME}` },
    robots: { index: false, follow: false, nocache: true },
  });
}

/**
 * The staff console (/staff/...): for the staff and admin roles only, decided here from the API before anything
 * streams, so everyone else gets the real 404 page. Every figure on its pages comes from the staff API, which
 * checks the role's permissions on each call again; the console holds no rule of its own.
 */
export default async function StaffLayout({ children }: { children: ReactNode }) {
  const user = await requireStaff();
  return (
    <div data-staff-console className="min-h-screen bg-gray-50">
      <a
        href="#console-content"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <div className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <p className="text-lg font-extrabold tracking-tight text-brand-800">
            {SITE_NAME} <span className="font-semibold text-ink">staff</span>
          </p>
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
            <span className="text-muted" data-testid="console-user">
              {user.email} · {user.role}
            </span>
            <Link href="/" className="inline-flex min-h-10 items-center rounded-md px-2 font-medium underline hover:bg-gray-100">
              View the store
            </Link>
            <SignOutButton />
          </div>
        </div>
      </div>
      <ConsoleNav role={user.role} />
      <div id="console-content" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        {children}
      </div>
    </div>
  );
}
