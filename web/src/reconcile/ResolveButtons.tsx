import { useState } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { ResolveResult, ResolveSide } from './reconcile-types';

interface ResolveButtonsProps {
  resolvePath: string;
  /** the request's target: some records, or a group key */
  target: { records: Array<{ module: string; recordId: string }> } | { group: string };
  /** names what is resolved, for the buttons' accessible names */
  subject: string;
  canPush: boolean;
  canPull: boolean;
}

/** "Push this side" (BSS → ConnectWise) and "Pull that side" (ConnectWise → BSS), with what was queued. */
export function ResolveButtons({ resolvePath, target, subject, canPush, canPull }: ResolveButtonsProps) {
  const api = useApi();
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  // once queued, the drift shown is the past: reconcile again rather than queue twice
  const [queued, setQueued] = useState(false);

  async function resolve(side: ResolveSide) {
    setBusy(true);
    try {
      const result = await api.send<ResolveResult>('POST', resolvePath, { side, ...target });
      const refused = result.refused.map((record) => `${record.recordId}: ${record.reason}`).join('; ');
      setStatus({
        ok: result.refused.length === 0,
        text:
          `Queued ${result.queued.length} ${side === 'bss' ? 'push' : 'pull'}${result.queued.length === 1 ? '' : 'es'}.` +
          (refused ? ` Not queued: ${refused}.` : ' Reconcile again to see the result.'),
      });
      setQueued(result.queued.length > 0);
    } catch (failure) {
      setStatus({ ok: false, text: describeError(failure) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="toolbar">
      <button
        type="button"
        onClick={() => void resolve('bss')}
        disabled={!canPush || busy || queued}
        aria-label={`Push this side: ${subject}, BSS to ConnectWise`}
      >
        Push this side
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => void resolve('connectwise')}
        disabled={!canPull || busy || queued}
        aria-label={`Pull that side: ${subject}, ConnectWise to BSS`}
      >
        Pull that side
      </button>
      {status && (
        <p role="status" className={status.ok ? 'ok' : 'error'}>
          {status.text}
        </p>
      )}
    </div>
  );
}
