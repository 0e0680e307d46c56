/** One figure a benchmark suite measured. */
export interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export type BenchSuite = () => Promise<BenchResult[]>;
