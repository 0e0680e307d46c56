import type { Instance } from '../api/types';
import { pages, type PagePath } from './use-hash-route';

interface HeaderProps {
  page: PagePath;
  instances: Instance[];
  instanceId: string | undefined;
  onInstance: (id: string) => void;
  onSignOut: () => void;
}

/** The navigation, the instance the report, mappings and runs pages show, and signing out. */
export function Header({ page, instances, instanceId, onInstance, onSignOut }: HeaderProps) {
  return (
    <header className="top">
      <a className="brand" href="#/overview">
        cwsync
      </a>
      <nav aria-label="Pages">
        <ul>
          {pages.map((entry) => (
            <li key={entry.path}>
              <a href={`#/${entry.path}`} aria-current={entry.path === page ? 'page' : undefined}>
                {entry.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="top-tools">
        <label htmlFor="current-instance">Instance</label>
        <select
          id="current-instance"
          value={instanceId ?? ''}
          onChange={(event) => onInstance(event.target.value)}
          disabled={instances.length === 0}
        >
          {instances.length === 0 && <option value="">none yet</option>}
          {instances.map((instance) => (
            <option key={instance.id} value={instance.id}>
              {instance.name} ({instance.id})
            </option>
          ))}
        </select>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
