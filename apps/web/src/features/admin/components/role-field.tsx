import type { Role } from '@sentia/contracts/common';
import { Label } from '@/components/ui/label.tsx';
import { RoleSelect } from './role-select.tsx';

/** The labelled role picker of the new-user and invitation forms. */
export function RoleField({ id, value, onChange }: { id: string; value: Role; onChange: (role: Role) => void }) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>Role</Label>
      <RoleSelect id={id} label="Role" value={value} onChange={onChange} />
    </div>
  );
}
