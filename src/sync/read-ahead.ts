/**
 * Reads an async listing up to `ahead` items ahead of its consumer: while the consumer works on what was read, the
 * listing goes on (a poll's next ConnectWise page is fetched and parsed while the records of the current one are
 * written, instead of the writer waiting for each page). At most `ahead` items wait here, besides what the
 * listing itself holds (its current page). The items come out in the listing's order; when the listing fails,
 * the items read before the failure come out first, then its error is thrown. When the consumer stops early, the
 * read under way finishes (or fails, with the listing's abort signal) and the listing is closed.
 */
export async function* readAhead<T>(
  items: AsyncIterable<T>,
  ahead: number,
): AsyncGenerator<T, void, undefined> {
  const limit = Math.max(1, Math.floor(ahead));
  const iterator = items[Symbol.asyncIterator]();
  const buffer: T[] = [];
  let head = 0;
  let ended = false;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let reading: Promise<void> | undefined;

  const waiting = () => buffer.length - head;
  const fill = async (): Promise<void> => {
    try {
      while (!stopped && waiting() < limit) {
        const next = await iterator.next();
        if (next.done) {
          ended = true;
          return;
        }
        buffer.push(next.value);
      }
    } catch (error) {
      failure = { error };
      ended = true;
    }
  };
  const readOn = (): Promise<void> =>
    (reading ??= fill().finally(() => {
      reading = undefined;
    }));

  try {
    for (;;) {
      if (waiting() === 0) {
        if (ended) break;
        await readOn();
        continue;
      }
      const item = buffer[head]!;
      head += 1;
      if (head >= limit) {
        buffer.splice(0, head);
        head = 0;
      }
      if (!ended) void readOn();
      yield item;
    }
    if (failure) throw failure.error;
  } finally {
    stopped = true;
    await reading;
    if (!ended) await iterator.return?.();
  }
}
