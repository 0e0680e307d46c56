/**
 * Works through an async listing `size` items at a time: `commit` gets each group in the listing's order once it
 * is full (and the last, shorter one), and the next items are read only after it resolved, so nothing beyond one
 * group and the listing's own page is held. When the listing fails, the items it did hand over are committed
 * first, then its error is thrown; when `commit` throws, nothing more is read and its error is thrown.
 */
export async function takeInGroups<T>(
  items: AsyncIterable<T>,
  size: number,
  commit: (group: T[]) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const limit = Math.max(1, Math.floor(size));
  let group: T[] = [];
  try {
    for await (const item of items) {
      group.push(item);
      if (group.length < limit) continue;
      const full = group;
      group = [];
      signal?.throwIfAborted();
      await commit(full);
    }
  } catch (error) {
    // `commit` failed (the group is not written), or the listing did: what it handed over is still taken.
    if (group.length > 0 && !signal?.aborted) await commit(group).catch(() => undefined);
    throw error;
  }
  if (group.length > 0) await commit(group);
}
