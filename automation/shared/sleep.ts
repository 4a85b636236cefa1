/** Waiting that Ctrl-C can cut short: the one abortable sleep every tool uses. */

/** Resolves after `ms`, or at once when `signal` aborts (already aborted: at once). Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Resolves when `done()` holds (checked every `pollMs`), `ms` pass, or the signal aborts. */
export async function until(done: () => boolean, ms: number, pollMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline && !signal?.aborted) await sleep(pollMs, signal);
}
