import { Check, Circle } from 'lucide-react';

export interface PasswordRulesPolicy {
  minLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
}

/** The rules a role's password must meet, each ticked as the typed password meets it (the server checks again, plus the breached list). */
export function PasswordRules({ policy, password, id }: { policy: PasswordRulesPolicy; password: string; id?: string }) {
  const rules = [
    { label: `At least ${policy.minLength} characters`, isMet: password.length >= policy.minLength },
    ...(policy.requireUppercase ? [{ label: 'An upper-case letter', isMet: /[A-Z]/.test(password) }] : []),
    ...(policy.requireLowercase ? [{ label: 'A lower-case letter', isMet: /[a-z]/.test(password) }] : []),
    ...(policy.requireDigit ? [{ label: 'A digit', isMet: /\d/.test(password) }] : []),
    ...(policy.requireSymbol ? [{ label: 'A symbol such as ! # or -', isMet: /[^A-Za-z0-9]/.test(password) }] : []),
  ];
  return (
    <ul id={id} className="grid gap-1 text-sm text-muted-foreground" aria-label="Password rules">
      {rules.map((rule) => (
        <li key={rule.label} className="flex items-center gap-2">
          {rule.isMet ? <Check className="size-4 shrink-0 text-positive" aria-hidden="true" /> : <Circle className="size-4 shrink-0 p-0.5" aria-hidden="true" />}
          <span className={rule.isMet ? 'text-foreground' : undefined}>{rule.label}</span>
          <span className="sr-only">{rule.isMet ? '(met)' : '(not yet)'}</span>
        </li>
      ))}
      <li className="text-xs">Common or breached passwords and ones containing your name or e-mail are refused.</li>
    </ul>
  );
}
