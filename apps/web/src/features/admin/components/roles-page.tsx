import type { RbacMatrix } from '@sentia/contracts/admin';
import type { Role } from '@sentia/contracts/common';
import { RotateCcw, Save } from 'lucide-react';
import { useMemo, useState } from 'react';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Checkbox } from '@/components/ui/checkbox.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { useChangeRbacMatrix } from '../api/change-rbac-matrix.ts';
import { useRbacMatrix } from '../api/get-rbac-matrix.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { roleNames } from './role-names.ts';
import { succeeded } from './succeeded.ts';

/** Without it nobody could edit the matrix again; the server refuses the change as well. */
const isLockedCell = (role: Role, permission: string) => role === 'ADMIN' && permission === 'admin:manage';
const cellKey = (role: Role, permission: string) => `${role}|${permission}`;

const resourceNames: Record<string, string> = {
  dashboard: 'Executive dashboard',
  production: 'Production control',
  inventory: 'Inventory',
  workingcapital: 'Working capital',
  forecast: 'Forecasting models',
  admin: 'System administration',
  audit: 'Audit trail',
  data: 'Data imports',
};

interface Change {
  role: Role;
  permission: string;
  granted: boolean;
}

function MatrixGrid({ matrix, edits, onToggle }: { matrix: RbacMatrix; edits: ReadonlyMap<string, boolean>; onToggle: (role: Role, permission: string, granted: boolean) => void }) {
  const groups = useMemo(() => {
    const byResource = new Map<string, RbacMatrix['permissions']>();
    for (const p of matrix.permissions) byResource.set(p.resource, [...(byResource.get(p.resource) ?? []), p]);
    return [...byResource];
  }, [matrix.permissions]);
  const granted = useMemo(() => new Map(matrix.roles.map((r) => [r.code, new Set(matrix.grants[r.code] ?? [])])), [matrix]);

  return (
    <div className="relative w-full overflow-x-auto">
      <table className="w-full border-collapse text-sm" aria-label="Permissions by role">
        <thead>
          <tr className="border-b">
            <th scope="col" className="h-10 px-2 text-left text-xs font-medium text-muted-foreground sm:px-3">
              Permission
            </th>
            {matrix.roles.map((r) => (
              <th key={r.code} scope="col" className="h-10 w-12 px-0.5 text-center text-[0.6875rem] font-medium text-muted-foreground sm:w-24 sm:px-2 sm:text-xs">
                {roleNames[r.code]}
              </th>
            ))}
          </tr>
        </thead>
        {groups.map(([resource, permissions]) => (
          <tbody key={resource} className="border-b last:border-0">
            <tr>
              <th scope="rowgroup" colSpan={matrix.roles.length + 1} className="bg-muted/50 px-3 py-1.5 text-left text-xs font-semibold tracking-wide text-muted-foreground uppercase">
                {resourceNames[resource] ?? resource}
              </th>
            </tr>
            {permissions.map((p) => (
              <tr key={p.code} className="border-t border-border/60 hover:bg-muted/30">
                <th scope="row" className="px-2 py-2 text-left font-normal sm:px-3">
                  <span className="font-mono text-xs font-medium sm:text-[0.8125rem]">
                    {p.resource}:<wbr />
                    {p.action}
                  </span>
                  <span className="hidden text-xs text-muted-foreground sm:block">{p.description}</span>
                </th>
                {matrix.roles.map((r) => {
                  const key = cellKey(r.code, p.code);
                  const original = granted.get(r.code)?.has(p.code) ?? false;
                  const value = edits.get(key) ?? original;
                  const isChanged = edits.has(key);
                  return (
                    <td key={r.code} className={isChanged ? 'bg-accent/60 text-center' : 'text-center'}>
                      <Checkbox
                        checked={value}
                        disabled={isLockedCell(r.code, p.code)}
                        aria-label={`${roleNames[r.code]}: ${p.code}`}
                        data-testid={`grant-${r.code}-${p.code}`}
                        onCheckedChange={(checked) => onToggle(r.code, p.code, checked === true)}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

/** Roles & permissions: a checkbox per role and `resource:action`; changes are saved together after a confirmation. */
export function RolesPage() {
  const matrix = useRbacMatrix();
  const save = useChangeRbacMatrix();
  const [edits, setEdits] = useState<Map<string, boolean>>(new Map());
  const [isConfirming, setIsConfirming] = useState(false);

  const original = (role: Role, permission: string) => matrix.data?.grants[role]?.includes(permission) ?? false;
  const toggle = (role: Role, permission: string, granted: boolean) => {
    setEdits((current) => {
      const next = new Map(current);
      const key = cellKey(role, permission);
      if (granted === original(role, permission)) next.delete(key);
      else next.set(key, granted);
      return next;
    });
  };
  const changes: Change[] = [...edits].map(([key, granted]) => {
    const [role, permission] = key.split('|') as [Role, string];
    return { role, permission, granted };
  });

  const confirm = async () => {
    if (await succeeded(() => save.mutateAsync(changes))) {
      setEdits(new Map());
      setIsConfirming(false);
    }
  };

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Roles & permissions</CardTitle>
            <CardDescription>Tick what each role may do. Saved changes apply to every signed-in user within seconds, without a restart.</CardDescription>
          </div>
          <div className="flex gap-2">
            <Button variant="outline" disabled={edits.size === 0} onClick={() => setEdits(new Map())}>
              <RotateCcw aria-hidden="true" />
              Discard
            </Button>
            <Button
              disabled={edits.size === 0}
              onClick={() => {
                save.reset();
                setIsConfirming(true);
              }}
            >
              <Save aria-hidden="true" />
              Save changes{edits.size > 0 ? ` (${edits.size})` : ''}
            </Button>
          </div>
        </CardHeader>
        <CardContent className="px-0 pb-0 sm:px-0 sm:pb-0">
          {matrix.isError ? (
            <ErrorState className="m-4" error={matrix.error} onRetry={() => void matrix.refetch()} />
          ) : matrix.data ? (
            <MatrixGrid matrix={matrix.data} edits={edits} onToggle={toggle} />
          ) : (
            <div className="grid gap-2 p-4">
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
            </div>
          )}
        </CardContent>
      </Card>

      <ConfirmDialog
        open={isConfirming}
        title="Save permission changes"
        description="These changes apply to every user of the role at once; their menus and pages follow within seconds."
        confirmLabel={`Save ${changes.length} ${changes.length === 1 ? 'change' : 'changes'}`}
        isPending={save.isPending}
        error={save.error}
        onConfirm={() => void confirm()}
        onCancel={() => setIsConfirming(false)}
      >
        <ul className="grid max-h-60 gap-1 overflow-y-auto text-sm" aria-label="Changes to save">
          {changes.map((c) => (
            <li key={cellKey(c.role, c.permission)} className="flex items-center gap-2">
              <span className={c.granted ? 'font-medium text-positive' : 'font-medium text-negative'}>{c.granted ? 'Grant' : 'Revoke'}</span>
              <span className="font-mono text-[0.8125rem]">{c.permission}</span>
              <span className="text-muted-foreground">{c.granted ? 'to' : 'from'} {roleNames[c.role]}</span>
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </div>
  );
}
