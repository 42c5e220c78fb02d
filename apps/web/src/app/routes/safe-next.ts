/**
 * The `next` parameter of the sign-in, MFA and password pages: only same-app paths are followed, so a link cannot
 * bounce users to another site; paths starting with `except` (the page itself) fall back to the home page too.
 */
export function safeNext(next: string | null, except?: string): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !(except && next.startsWith(except)) ? next : '/';
}
