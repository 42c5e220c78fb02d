import { type Role, roleCodes } from '@sentia/contracts/common';
import { Label } from '@/components/ui/label.tsx';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';
import { roleNames } from './role-names.ts';

/** The labelled role picker of the new-user and invitation forms. */
export function RoleField({ id, value, onChange }: { id: string; value: Role; onChange: (role: Role) => void }) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>Role</Label>
      <Select value={value} onValueChange={(next) => onChange(next as Role)}>
        <SelectTrigger id={id} aria-label="Role">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {roleCodes.map((r) => (
            <SelectItem key={r} value={r}>
              {roleNames[r]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
