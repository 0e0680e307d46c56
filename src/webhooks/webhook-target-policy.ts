import { ValidationError } from '../errors/index.js';
import { lookup as lookupHost, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, type Dispatcher } from 'undici';

/**
 * Which addresses a webhook may be delivered to. By default only public ones: a token holder must not be able to
 * make cwsync POST to itself, the cloud metadata address or the private network it runs in.
 */
export interface WebhookTargetPolicy {
  /** deliver to any address, loopback and private ones included (CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS=true) */
  allowPrivate: boolean;
  /** non-public ranges allowed all the same, e.g. `10.20.0.0/16` (CWSYNC_WEBHOOK_ALLOWED_CIDRS) */
  allowedCidrs: readonly string[];
}

export const publicTargetsOnly: WebhookTargetPolicy = { allowPrivate: false, allowedCidrs: [] };

/** The delivery of a webhook to an address the policy refuses; the message says which and how to allow it. */
/** A webhook URL that leads into a refused network; the message says which address and range. */
export class WebhookTargetRefusedError extends ValidationError {
  constructor(readonly refusal: string) {
    super([{ path: 'url', rule: 'public_target', message: refusal }], refusal);
  }
}

export function isCidr(value: string): boolean {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}

export interface WebhookTargetGuard {
  /**
   * Resolves the URL's host and answers why it may not be a target (it resolves to an address the policy
   * refuses), or undefined when it may be (a host that does not resolve yet included). For subscription time.
   */
  check(url: string): Promise<string | undefined>;
  /** For a URL whose host is an address as written: why it is refused, or undefined (no DNS involved). */
  refusalOfLiteral(url: string): string | undefined;
  /**
   * Connects only to addresses the policy allows, checked on the address it actually connects to, so a name
   * that resolved to a public address when subscribed and to a private one now (DNS rebinding) is refused.
   */
  dispatcher: Dispatcher;
}

const allowHint =
  'webhook targets must be public addresses; to allow it, set CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS=true or list its range in CWSYNC_WEBHOOK_ALLOWED_CIDRS';

export function createWebhookTargetGuard(
  policy: WebhookTargetPolicy = publicTargetsOnly,
): WebhookTargetGuard {
  const allowedRanges = policy.allowedCidrs.map((cidr) => ipaddr.parseCIDR(cidr));

  /** The range name ("loopback", "private", …) of an address the policy refuses; undefined when allowed. */
  function refusedRangeOf(address: string): string | undefined {
    if (policy.allowPrivate) return undefined;
    const parsed = ipaddr.process(address);
    const range = parsed.range();
    if (range === 'unicast') return undefined;
    const allowed = allowedRanges.some(
      ([network, prefix]) => network.kind() === parsed.kind() && parsed.match(network, prefix),
    );
    return allowed ? undefined : range;
  }

  const refusal = (host: string, address: string, range: string) =>
    `${host === address ? address : `${host} resolves to ${address}`}, a ${range} address: ${allowHint}`;

  const hostOf = (url: string) => new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');

  function refusalOfLiteral(url: string): string | undefined {
    const host = hostOf(url);
    if (isIP(host) === 0) return undefined;
    const range = refusedRangeOf(host);
    return range === undefined ? undefined : refusal(host, host, range);
  }

  function guardedLookup(
    hostname: string,
    options: LookupOptions,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void {
    lookupHost(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const range = refusedRangeOf(address);
        if (range !== undefined)
          return callback(new WebhookTargetRefusedError(refusal(hostname, address, range)), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  }

  return {
    refusalOfLiteral,
    async check(url) {
      const host = hostOf(url);
      if (policy.allowPrivate) return undefined;
      if (isIP(host) !== 0) return refusalOfLiteral(url);
      return new Promise((resolve) => {
        guardedLookup(host, { all: true }, (error) => {
          // A name that does not resolve yet is accepted: every delivery checks the address it connects to.
          resolve(error instanceof WebhookTargetRefusedError ? error.refusal : undefined);
        });
      });
    },
    dispatcher: new Agent({ connect: { lookup: guardedLookup } }),
  };
}
