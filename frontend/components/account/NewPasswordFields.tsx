import { Field } from "./Field";

const POLICY = "At least 10 characters; not a common password, not all digits, not like your name or email";

/** The browser-only check of the confirmation ("Confirm" is never sent: the API decides on the password). */
export function confirmationErrors(password: string, confirm: string): Record<string, string[]> | null {
  return password === confirm ? null : { confirm_password: ["The two new passwords are not the same."] };
}

/** "New password" (with the API's policy as a hint) and its confirmation, for the change and reset forms. */
export function NewPasswordFields({ password, confirm, onPassword, onConfirm, errors }: {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  errors: Record<string, string[]>;
}) {
  return (
    <>
      <Field
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        hint={POLICY}
        errors={errors.new_password}
      />
      <Field
        label="Confirm new password"
        name="confirm_password"
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
        errors={errors.confirm_password}
      />
    </>
  );
}
