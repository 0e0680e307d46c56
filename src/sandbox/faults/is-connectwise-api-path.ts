/** Faults and call counts apply to the ConnectWise API (any codebase) and companyinfo, never to /__sandbox/. */
export function isConnectWiseApiPath(url: string): boolean {
  if (url.startsWith('/__sandbox')) return false;
  const path = url.split('?', 1)[0] ?? '';
  return path.includes('/apis/3.0') || path.startsWith('/login/companyinfo');
}
