import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatDateTime } from "@/lib/format";
import { consoleMetadata, getStaffAccounts, requireStaff } from "@/lib/server/staff";
import { sectionsFor } from "../sections";
import { AccountActions, InviteForm } from "./UserForms";

export function generateMetadata(): Promise<Metadata> {
  return consoleMetadata({ title: "Users" });
}

const cell = "px-3 py-2 text-left align-top";

/** Users (admin only; the 404 page to staff): the staff and admin accounts, invitations, roles, deactivation. */
export default async function UsersPage() {
  const user = await requireStaff();
  if (!sectionsFor(user.role).some((s) => s.href === "/staff/users")) notFound();
  const accounts = await getStaffAccounts();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold sm:text-3xl">Users</h1>
      <section aria-labelledby="invite-heading" className="space-y-3">
        <h2 id="invite-heading" className="text-xl font-bold">
          Invite a staff member
        </h2>
        <p className="text-sm text-muted">The account is made in its role; its owner gets an email with a link to choose a password (never a password by email).</p>
        <InviteForm />
      </section>
      <section aria-labelledby="accounts-heading" className="space-y-3">
        <h2 id="accounts-heading" className="text-xl font-bold">
          Staff and admin accounts
        </h2>
        <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white">
          <table className="w-full text-sm" data-testid="staff-accounts">
            <caption className="sr-only">Staff and admin accounts, by email</caption>
            <thead className="border-b border-gray-200 bg-gray-50">
              <tr>
                <th scope="col" className={cell}>Account</th>
                <th scope="col" className={cell}>Status</th>
                <th scope="col" className={cell}>Last sign-in</th>
                <th scope="col" className={cell}>Role and access</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {accounts.map((a) => (
                <tr key={a.id} data-testid={`account-${a.email}`}>
                  <th scope="row" className={`${cell} font-normal`}>
                    <span className="font-medium">{a.email}</span>
                    {a.full_name && <span className="block text-muted">{a.full_name}</span>}
                  </th>
                  <td className={cell}>
                    {a.is_active ? (a.password_set ? "Active" : "Invited (no password yet)") : "Deactivated"}
                  </td>
                  <td className={cell}>{a.last_login ? formatDateTime(a.last_login) : "Never"}</td>
                  <td className={cell}>
                    {a.is_superuser ? (
                      <span>Superuser: changed in the Django admin</span>
                    ) : a.id === user.id ? (
                      <span>{a.role} (you)</span>
                    ) : (
                      <AccountActions account={a} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
