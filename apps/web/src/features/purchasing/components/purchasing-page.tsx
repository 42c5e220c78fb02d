import { useState } from 'react';
import { Card, CardContent } from '@/components/ui/card.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { cn } from '@/lib/cn.ts';
import { OrdersPanel } from './orders-panel.tsx';
import { ProposalsPanel } from './proposals-panel.tsx';
import { SimulationPanel } from './simulation-panel.tsx';

const tabs = [
  { id: 'proposals', label: 'Proposals' },
  { id: 'orders', label: 'Purchase orders' },
  { id: 'simulation', label: 'Policy simulation' },
] as const;

/** Purchasing: proposals by supplier with their cash effect, the order list, and the policy simulation. */
export function PurchasingPage() {
  const [tab, setTab] = useState<(typeof tabs)[number]['id']>('proposals');
  const session = useSession();
  const canCreate = (session.data?.user.permissions ?? []).includes('inventory:write');
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Purchasing</h1>
        <p className="text-sm text-muted-foreground">What to order from whom, what it does to cash before you approve it, and the orders in flight.</p>
      </div>
      <div role="tablist" aria-label="Purchasing" className="flex gap-1 overflow-x-auto border-b">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            aria-selected={tab === t.id}
            onClick={() => setTab(t.id)}
            className={cn('-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap', tab === t.id ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground')}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'proposals' && <ProposalsPanel canCreate={canCreate} />}
        {tab === 'orders' && (
          <Card>
            <CardContent className="pt-6">
              <OrdersPanel />
            </CardContent>
          </Card>
        )}
        {tab === 'simulation' && (
          <Card>
            <CardContent className="pt-6">
              <SimulationPanel />
            </CardContent>
          </Card>
        )}
      </div>
    </div>
  );
}
