import type { CompiledModule } from '../definition/load-definition.js';
import type { LinkRepository, RecordReader } from '../ports.js';

type Dependency = CompiledModule['dependencyIds'][number];

const blank = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * The BSS id of the record depended on: the one `recordId` names, else (`orFind`) the lowest-id record of the
 * dependency's entity whose fields equal the given values, so an account that names no primary contact takes its
 * contact flagged `isPrimary` — then with that record as found, so that it need not be read again. Undefined
 * when there is none.
 */
export async function dependencyRecordId(
  records: RecordReader,
  dependency: Dependency,
  entity: string,
  source: Record<string, unknown>,
): Promise<{ id: string; found?: Record<string, unknown> } | undefined> {
  const named = await dependency.recordId.evaluate(source);
  if (!blank(named)) return { id: String(named) };
  if (!dependency.orFind) return undefined;
  const where: Record<string, string> = {};
  for (const [path, expression] of dependency.orFind) {
    const value = await expression.evaluate(source);
    if (blank(value) || typeof value === 'object') return undefined;
    where[path] = String(value);
  }
  const candidates = (await records.findWhere(entity, where)).map((found) => ({
    id: String(found.id),
    found,
  }));
  return candidates.sort((left, right) => left.id.localeCompare(right.id, 'en', { numeric: true }))[0];
}

/**
 * The records depended on that must be pushed again now this one synced as `connectwiseId` (`pushAgainWhen` true
 * over it), leaving out those whose last written body already names it (`pushAgainUnlessWritten`): an unchanged
 * primary contact does not push its account again on every run.
 */
export async function recordsToPushAgain(
  module: CompiledModule,
  record: Record<string, unknown>,
  connectwiseId: number,
  links: {
    instanceId: string;
    repository: LinkRepository;
    /** the dependencies' records as the push read them, by name: one read with its links carries its link */
    related?: Readonly<Record<string, Record<string, unknown> | undefined>>;
  },
): Promise<Array<{ module: string; recordId: string }>> {
  const again: Array<{ module: string; recordId: string }> = [];
  for (const dependency of module.dependencyIds) {
    if (!dependency.pushAgainWhen || dependency.many) continue;
    if ((await dependency.pushAgainWhen.evaluate(record)) !== true) continue;
    const id = await dependency.recordId.evaluate(record);
    if (blank(id)) continue;
    if (dependency.pushAgainUnlessWritten !== undefined) {
      const link = await linkOfDependency(links, dependency, String(id));
      const written = link?.pushedBody[dependency.pushAgainUnlessWritten] as { id?: unknown } | undefined;
      if (written !== undefined && Number(written?.id) === connectwiseId) continue;
    }
    again.push({ module: dependency.module, recordId: String(id) });
  }
  return again;
}

/** The dependency's link: as its record was read with it (`LinkRepository.linkInRecord`), else read. */
async function linkOfDependency(
  links: Parameters<typeof recordsToPushAgain>[3],
  dependency: Dependency,
  recordId: string,
) {
  const related = links.related?.[dependency.as];
  if (related !== undefined && String(related.id) === recordId) {
    const carried = links.repository.linkInRecord?.(links.instanceId, dependency.module, related);
    if (carried !== undefined) return carried ?? undefined;
  }
  return links.repository.find(links.instanceId, dependency.module, recordId);
}
