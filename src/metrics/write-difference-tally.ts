/** One count of `cwsync_write_differences_total`: an instance, a module and the field ConnectWise kept differently. */
export interface WriteDifferenceCount {
  instance: string;
  module: string;
  field: string;
  count: number;
}

/** The values ConnectWise kept differently from what this process wrote, counted per instance, module and field. */
export class WriteDifferenceTally {
  private readonly counts = new Map<string, WriteDifferenceCount>();

  add(instance: string, module: string, field: string): void {
    const key = JSON.stringify([instance, module, field]);
    const entry = this.counts.get(key);
    if (entry) entry.count += 1;
    else this.counts.set(key, { instance, module, field, count: 1 });
  }

  snapshot = (): WriteDifferenceCount[] => [...this.counts.values()].map((entry) => ({ ...entry }));
}
