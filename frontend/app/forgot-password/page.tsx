import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/account/PasswordResetForms";

export const metadata: Metadata = { title: "Forgot your password?", robots: { index: false, follow: true } };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold sm:text-3xl">Forgot your password?</h1>
      <p className="mt-1 mb-6 text-muted">Enter your account&apos;s email and we&apos;ll send you a link to choose a new one.</p>
      <ForgotPasswordForm />
    </div>
  );
}
