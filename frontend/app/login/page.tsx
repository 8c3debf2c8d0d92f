import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInOptions, type SignInMethod } from "@/components/account/AuthForms";
import { safeNext } from "@/components/account/Field";
import { hasSession } from "@/lib/server/account";

export const metadata: Metadata = { title: "Sign in", robots: { index: false, follow: true } };

export default async function LoginPage({ searchParams }: PageProps<"/login">) {
  const { next, method } = await searchParams;
  const target = typeof next === "string" ? next : undefined;
  const chosen: SignInMethod = method === "password" || method === "code" ? method : "mobile";
  if (await hasSession()) redirect(safeNext(target));
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold sm:text-3xl">Sign in</h1>
      <p className="mt-1 mb-6 text-muted">Your cart comes with you when you sign in.</p>
      <SignInOptions next={target} method={chosen} />
    </div>
  );
}
