import { Link } from 'react-router';
import { Button } from '@/components/ui/button.tsx';

/** Shown when a signed-in user opens a section their role does not include. */
export function Forbidden() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-primary">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">This section is not part of your role</h1>
      <p className="mt-2 text-muted-foreground">Ask an administrator if you need access.</p>
      <Button asChild variant="outline" className="mt-6">
        <Link to="/">Go to your start page</Link>
      </Button>
    </div>
  );
}
