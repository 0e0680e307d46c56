import { useEffect, useState } from 'react';

export const pages = [
  { path: 'overview', title: 'Overview' },
  { path: 'instances', title: 'Instances' },
  { path: 'report', title: 'Connector report' },
  { path: 'mappings', title: 'Mappings' },
  { path: 'runs', title: 'Runs' },
  { path: 'reconcile', title: 'Reconciliation' },
  { path: 'history', title: 'Record history' },
] as const;

export type PagePath = (typeof pages)[number]['path'];

function current(): PagePath {
  const path = window.location.hash.replace(/^#\/?/, '').split('/')[0];
  return pages.find((page) => page.path === path)?.path ?? 'overview';
}

/** The page named by the URL's hash (`#/report`): links work, back and forward work, a reload keeps the page. */
export function useHashRoute(): PagePath {
  const [page, setPage] = useState(current);
  useEffect(() => {
    const update = () => setPage(current());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return page;
}
