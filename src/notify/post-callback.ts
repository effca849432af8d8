/**
 * One HTTP delivery of an outcome to a submitter's callback URL. Never throws: every way it
 * can go wrong is a result, with whether trying again can help.
 */
export interface CallbackResult {
  ok: boolean;
  /** HTTP status, when an answer came. */
  status?: number;
  /** False when the receiver said the request itself is wrong (4xx other than 408, 425, 429). */
  retryable: boolean;
  error?: string;
  durationMs: number;
}

/** Statuses that say "not now" rather than "never". */
const RETRYABLE_4XX = new Set([408, 425, 429]);

export async function postCallback(
  url: string,
  body: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<CallbackResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'luxor-notify/1', ...headers },
      body,
      // A redirect could send the outcome somewhere the submitter did not register.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read the (ignored) body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    const status = response.status;
    if (status >= 200 && status < 300) return { ok: true, status, retryable: false, durationMs: elapsed() };
    const retryable = status >= 500 || RETRYABLE_4XX.has(status) || (status >= 300 && status < 400);
    return { ok: false, status, retryable, error: `HTTP ${status}`, durationMs: elapsed() };
  } catch (error) {
    const e = error as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const detail = timedOut ? `no answer within ${timeoutMs} ms` : cause?.code ?? cause?.message ?? e.message;
    // A URL that cannot even be parsed will not get better.
    const retryable = !(e instanceof TypeError && /invalid url|failed to parse url/i.test(e.message + (cause?.message ?? '')));
    return { ok: false, retryable, error: detail, durationMs: elapsed() };
  }
}
