import type { Deps } from '../context.ts';

// Placeholder until pg-boss is wired in (same session).
export async function startJobs(_deps: Deps): Promise<{ stop(): Promise<void> }> {
  return { stop: async () => {} };
}
