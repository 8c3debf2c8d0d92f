import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { RegisterForm } from "@/components/account/AuthForms";
import { safeNext } from "@/components/account/Field";
import { hasSession } from "@/lib/server/account";

export const metadata: Metadata = { title: "Create an account", robots: { index: false, follow: true } };

export default async function RegisterPage({ searchParams }: PageProps<"/register">) {
  const next = (await searchParams).next;
  const target = typeof next === "string" ? next : undefined;
  if (await hasSession()) redirect(safeNext(target));
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold sm:text-3xl">Create your account</h1>
      <p className="mt-1 mb-6 text-muted">Track orders, save addresses, and check out faster.</p>
      <RegisterForm next={target} />
    </div>
  );
}
