export interface ConnectWiseCounterSnapshot {
  /** HTTP exchanges attempted, retries included */
  requests: number;
  /** answers by HTTP status, e.g. { '200': 10, '429': 2 } */
  byStatus: Record<string, number>;
  retries: number;
  rateLimited: number;
  networkErrors: number;
  outcomeUnknown: number;
  codebaseRefreshes: number;
}

/** Counts what one client did, for metrics and for tests that check a storm stayed bounded. */
export class ConnectWiseCounters {
  private requests = 0;
  private readonly byStatus = new Map<number, number>();
  private retries = 0;
  private rateLimited = 0;
  private networkErrors = 0;
  private outcomeUnknown = 0;
  private codebaseRefreshes = 0;

  countRequest(): void {
    this.requests += 1;
  }

  countStatus(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status === 429) this.rateLimited += 1;
  }

  countRetry(): void {
    this.retries += 1;
  }

  countNetworkError(): void {
    this.networkErrors += 1;
  }

  countOutcomeUnknown(): void {
    this.outcomeUnknown += 1;
  }

  countCodebaseRefresh(): void {
    this.codebaseRefreshes += 1;
  }

  snapshot(): ConnectWiseCounterSnapshot {
    return {
      requests: this.requests,
      byStatus: Object.fromEntries([...this.byStatus].map(([status, count]) => [String(status), count])),
      retries: this.retries,
      rateLimited: this.rateLimited,
      networkErrors: this.networkErrors,
      outcomeUnknown: this.outcomeUnknown,
      codebaseRefreshes: this.codebaseRefreshes,
    };
  }
}
