// Bounded parallelism for sandbox set-up: many hosts, a few at a time.

/**
 * Runs `fn` over `items` with at most `limit` at once. Once one fails no further item starts; the first failure is
 * thrown once the started ones end.
 */
export async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { reason: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      try {
        await fn(items[next++]!);
      } catch (e) {
        failure ??= { reason: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.reason;
}
