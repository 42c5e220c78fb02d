import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button.tsx';

/** A one-time value (temporary password, invitation link) with a copy button; the value is shown once, so copying matters. */
export function CopyableValue({ value, label, testId }: { value: string; label: string; testId: string }) {
  const [isCopied, setIsCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(value).catch(() => undefined);
    setIsCopied(true);
  };
  return (
    <div className="flex items-center gap-2">
      <code data-testid={testId} className="min-w-0 flex-1 rounded-md border bg-muted px-3 py-2 font-mono text-sm break-all">
        {value}
      </code>
      <Button variant="outline" size="icon" aria-label={isCopied ? `${label} copied` : `Copy ${label}`} onClick={() => void copy()}>
        {isCopied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
      </Button>
    </div>
  );
}
