import { cn } from '@/lib/cn.ts';

/** The Sentia logo and wordmark. */
export function BrandMark({ inverted = false, compact = false }: { inverted?: boolean; compact?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2.5">
      <svg viewBox="0 0 32 32" className="size-8 shrink-0" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="7" fill="var(--color-primary)" />
        <path d="M8 22V14l5 3v-3l5 3v-3l6 3.5V22z" fill="#fff" />
        <path d="M9 10h3v2H9z" fill="#99f6e4" />
      </svg>
      {compact ? null : (
        <span className="leading-tight">
          <span className={cn('block text-sm font-semibold', inverted ? 'text-white' : 'text-foreground')}>Sentia</span>
          <span className={cn('block text-xs', inverted ? 'text-sidebar-muted' : 'text-muted-foreground')}>Manufacturing dashboard</span>
        </span>
      )}
    </span>
  );
}
