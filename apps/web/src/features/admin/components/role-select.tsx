import { type Role, roleCodes } from '@sentia/contracts/common';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';
import { roleNames } from './role-names.ts';

/** A select of the four roles, by their display names. */
export function RoleSelect({ value, onChange, id, label, disabled, className }: { value: Role; onChange: (role: Role) => void; id?: string; label: string; disabled?: boolean; className?: string }) {
  return (
    <Select value={value} disabled={disabled} onValueChange={(next) => onChange(next as Role)}>
      <SelectTrigger id={id} aria-label={label} className={className}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <RoleItems />
      </SelectContent>
    </Select>
  );
}

/** One select item per role, by display name (the role select and the users page's role filter). */
export function RoleItems() {
  return roleCodes.map((r) => (
    <SelectItem key={r} value={r}>
      {roleNames[r]}
    </SelectItem>
  ));
}
