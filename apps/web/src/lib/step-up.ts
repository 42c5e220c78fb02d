/** What the server's STEP_UP_REQUIRED challenge asks for (`WWW-Authenticate: StepUp … methods="…"`). */
export interface StepUpChallenge {
  /** `totp recovery-code` (prove it now), `enrol` (set up TOTP first) or `idp-reverification` (external sign-in). */
  methods: string[];
  detail: string | undefined;
}

/** Shows the user a second-factor prompt; resolves true once the server accepted a code, false when they cancel. */
export type StepUpPrompt = (challenge: StepUpChallenge) => Promise<boolean>;

let prompt: StepUpPrompt | null = null;
let pending: Promise<boolean> | null = null;

/**
 * Installs the prompt (the auth feature's step-up dialog does this when it mounts); returns the uninstaller. Kept in lib
 * so the API client, and any feature, can ask for a fresh second factor without importing the auth feature.
 */
export function registerStepUpPrompt(next: StepUpPrompt): () => void {
  prompt = next;
  return () => {
    if (prompt === next) prompt = null;
  };
}

/**
 * Asks for a fresh second factor. Concurrent requests that hit the challenge share one prompt. Resolves false when no
 * prompt is installed or the user cancels.
 */
export function requestStepUp(challenge: StepUpChallenge): Promise<boolean> {
  if (!prompt) return Promise.resolve(false);
  pending ??= prompt(challenge).finally(() => {
    pending = null;
  });
  return pending;
}

/** Reads the methods from a `WWW-Authenticate: StepUp realm="sentia", methods="totp recovery-code", …` header. */
export function parseStepUpChallenge(header: string | null, detail?: string): StepUpChallenge {
  const methods = /methods="([^"]*)"/.exec(header ?? '')?.[1]?.split(/\s+/).filter(Boolean) ?? ['totp', 'recovery-code'];
  return { methods, detail };
}
