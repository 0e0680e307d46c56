/** One line of `cwsync instance check`: what was checked, whether it holds, and what to do when it does not. */
export interface CheckLine {
  /** what was checked, e.g. `connection`, `read sales/orders`, `server variable locationId` */
  name: string;
  status: 'ok' | 'fail' | 'skipped';
  message: string;
  /** what a person changes so the line passes (failed lines) */
  fix?: string;
}

export interface InstanceCheckResult {
  instanceId: string;
  /** true when no line failed */
  ok: boolean;
  lines: CheckLine[];
}

export const passed = (name: string, message: string): CheckLine => ({ name, status: 'ok', message });
export const failed = (name: string, message: string, fix: string): CheckLine => ({
  name,
  status: 'fail',
  message,
  fix,
});
export const skipped = (name: string, message: string): CheckLine => ({ name, status: 'skipped', message });
