"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import type { StaffAccount } from "@/lib/staff-types";
import { StoreError } from "@/lib/store-client";
import { consoleCall, refusalMessage } from "../_components/console-client";

/** What a refusal shows: the API's message and its field messages. */
type Refusal = Pick<StoreError, "message" | "fields">;

const refusal = (err: unknown): Refusal => (err instanceof StoreError ? err : { message: refusalMessage(err), fields: {} });

const field = "mt-1 block min-h-11 rounded-md border border-gray-400 bg-white px-3 text-base focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-700";
const button = "min-h-11 rounded-md px-4 font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-700 focus-visible:ring-offset-2 disabled:opacity-60";

function Status({ message, error }: { message: string; error: Refusal | null }) {
  return (
    <p aria-live="polite" role="status" className={`text-sm ${error ? "text-red-800" : "text-green-800"}`}>
      {error ? `${error.message} ${Object.values(error.fields ?? {}).flat().join(" ")}` : message}
    </p>
  );
}

/** POST /api/staff/users/invite/: the email and the role; the API makes the account and sends the link. */
export function InviteForm() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState("");
  const [error, setError] = useState<Refusal | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const body = { email: String(data.get("email") ?? ""), full_name: String(data.get("full_name") ?? ""), role: String(data.get("role") ?? "staff") };
    start(async () => {
      try {
        const account = await consoleCall<StaffAccount>("users/invite/", { method: "POST", body });
        setError(null);
        setMessage(`Invitation sent to ${account.email}.`);
        form.reset();
        router.refresh();
      } catch (err) {
        setMessage("");
        setError(refusal(err));
      }
    });
  }

  const fieldError = (name: string) => error?.fields?.[name]?.join(" ");
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-4 rounded-xl border border-gray-200 bg-white p-4" data-testid="invite-form">
      <div>
        <label htmlFor="invite-email" className="block text-sm font-medium">
          Email
        </label>
        <input id="invite-email" name="email" type="email" required autoComplete="off" aria-invalid={fieldError("email") ? true : undefined} className={`${field} w-72`} />
      </div>
      <div>
        <label htmlFor="invite-name" className="block text-sm font-medium">
          Name <span className="font-normal text-muted">(optional)</span>
        </label>
        <input id="invite-name" name="full_name" type="text" maxLength={150} autoComplete="off" className={field} />
      </div>
      <div>
        <label htmlFor="invite-role" className="block text-sm font-medium">
          Role
        </label>
        <select id="invite-role" name="role" defaultValue="staff" className={field}>
          <option value="staff">Staff</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <button type="submit" disabled={pending} className={`${button} bg-brand-700 text-white hover:bg-brand-800`}>
        {pending ? "Sending…" : "Send invitation"}
      </button>
      <div className="w-full">
        <Status message={message} error={error} />
      </div>
    </form>
  );
}

/** One account's role (PUT .../role/) and access (PATCH .../{id}/ is_active); the API refuses what may not be. */
export function AccountActions({ account }: { account: StaffAccount }) {
  const router = useRouter();
  const id = useId();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState("");
  const [error, setError] = useState<Refusal | null>(null);
  const [role, setRole] = useState(account.role ?? "staff");

  function run(call: () => Promise<unknown>, done: string) {
    start(async () => {
      try {
        await call();
        setError(null);
        setMessage(done);
        router.refresh();
      } catch (err) {
        setMessage("");
        setError(refusal(err));
      }
    });
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`${id}-role`} className="block text-xs font-medium">
            Role of {account.email}
          </label>
          <select id={`${id}-role`} value={role ?? "staff"} onChange={(e) => setRole(e.target.value as typeof role)} className={field}>
            <option value="staff">Staff</option>
            <option value="admin">Admin</option>
            <option value="customer">Customer (no console)</option>
          </select>
        </div>
        <button
          type="button"
          disabled={pending || role === account.role}
          onClick={() => run(() => consoleCall(`users/${account.id}/role/`, { method: "PUT", body: { role } }), `${account.email} is now ${role}.`)}
          className={`${button} border border-brand-700 text-brand-800 hover:bg-brand-50`}
        >
          Save role
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() =>
            run(
              () => consoleCall(`users/${account.id}/`, { method: "PATCH", body: { is_active: !account.is_active } }),
              account.is_active ? `${account.email} is deactivated.` : `${account.email} is active again.`,
            )
          }
          className={`${button} border ${account.is_active ? "border-red-700 text-red-800 hover:bg-red-50" : "border-green-800 text-green-800 hover:bg-green-50"}`}
        >
          {account.is_active ? "Deactivate" : "Reactivate"}
        </button>
      </div>
      <Status message={message} error={error} />
    </div>
  );
}
