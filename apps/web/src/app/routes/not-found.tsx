import { Link } from 'react-router';
import { Button } from '@/components/ui/button.tsx';

/** Unknown paths inside the app. */
export function NotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-primary">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-2 text-muted-foreground">The address may be mistyped, or the page has moved.</p>
      <Button asChild variant="outline" className="mt-6">
        <Link to="/">Go to your start page</Link>
      </Button>
    </div>
  );
}
