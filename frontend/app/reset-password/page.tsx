import type { Metadata } from "next";
import { InvalidResetLink, ResetPasswordForm } from "@/components/account/PasswordResetForms";

// The link's token is in the URL: never indexed, and never sent on as a referrer.
export const metadata: Metadata = { title: "Choose a new password", robots: { index: false, follow: false }, referrer: "no-referrer" };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function ResetPasswordPage({ searchParams }: PageProps<"/reset-password">) {
  const params = await searchParams;
  const uid = one(params.uid);
  const token = one(params.token);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold sm:text-3xl">Choose a new password</h1>
      <p className="mt-1 mb-6 text-muted">Every device signed in to your account will be signed out.</p>
      {uid && token ? <ResetPasswordForm uid={uid} token={token} /> : <InvalidResetLink />}
    </div>
  );
}
