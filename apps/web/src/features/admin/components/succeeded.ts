/**
 * Runs a mutation and tells whether it succeeded; the failure itself stays on the mutation for the dialog to show.
 * (A step-up challenge is answered inside the API client, which retries the request once the code is accepted.)
 */
export async function succeeded(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch {
    return false;
  }
}
