import { listMatchResources } from '../../connectors/connectwise/index.js';
import { type ConnectWiseRecord, pullRecord, pushRecord } from '../../engine/index.js';
import type { InstanceRuntime } from '../instance-runtime.js';
import { describeEntry, type PlannedOutcome } from './describe-entry.js';
import type { DryRunEntry, DryRunWrite } from './dry-run-types.js';
import { createLinksOverlay } from './links-overlay.js';
import { createRecordingGateway } from './recording-gateway.js';
import { createRecordingWriter } from './recording-writer.js';
import { withoutCreateNotes } from './without-create-notes.js';

/** What one direction needs to plan a record and the records it waits for. */
interface Direction<Subject> {
  name: 'push' | 'pull';
  idOf(subject: Subject): string;
  run(module: string, subject: Subject): Promise<PlannedOutcome>;
  takeWrites(): DryRunWrite[];
  /** the records a waiting outcome names: how the plan shows each, and whether it is linked by now */
  dependenciesOf(planned: PlannedOutcome): Array<{
    module: string;
    id: string;
    plan(): Promise<DryRunEntry | undefined>;
    linked(): Promise<boolean>;
  }>;
}

/**
 * Plans records one at a time (the ports collect the writes of the record in hand), over a read-only view of
 * the instance: ConnectWise and the BSS are read, every write is recorded, links are kept in memory. A record
 * waiting for another has that one planned first (a real run queues it) and is planned again once it is linked.
 */
export function createPlanner(runtime: InstanceRuntime) {
  const instanceId = runtime.instance.id;
  const connector = runtime.connector;
  const gateway = createRecordingGateway({
    reads: runtime.gateway,
    matchCreated: listMatchResources(connector),
    answerWholeRecords: true,
  });
  const writer = createRecordingWriter(runtime.pull.records);
  const entityOf = (module: string) => connector.modules.get(module)?.definition.bssEntity ?? module;
  // A record this plan would create is not in ConnectWise (or the BSS) yet: its dependents wait for it.
  const links = createLinksOverlay(
    runtime.links,
    (link) => link.connectwiseId < 0 || writer.wouldCreate(entityOf(link.module), link.recordId),
  );
  const push = { ...withoutCreateNotes(runtime.push), gateway: gateway.port, links };
  const pull = { ...runtime.pull, links, writer: writer.port };
  const planned = new Map<string, DryRunEntry>();
  const inProgress = new Set<string>();

  async function plan<Subject>(
    direction: Direction<Subject>,
    module: string,
    subject: Subject,
  ): Promise<DryRunEntry | undefined> {
    const id = direction.idOf(subject);
    const key = `${direction.name}\u0000${module}\u0000${id}`;
    if (planned.has(key)) return planned.get(key);
    if (inProgress.has(key)) return undefined;
    inProgress.add(key);
    let outcome = await direction.run(module, subject);
    let writes = direction.takeWrites();
    let waitsFor: DryRunEntry['waitsFor'];
    if (outcome.outcome.outcome === 'waiting') {
      waitsFor = [];
      const dependencies = direction.dependenciesOf(outcome);
      for (const dependency of dependencies) {
        const found = await dependency.plan();
        waitsFor.push({
          module: dependency.module,
          id: dependency.id,
          ...(found ? { wouldBe: found.action } : {}),
        });
      }
      // A real run wakes the record once what it waits for is in step (e.g. matched and linked).
      const linked = await Promise.all(dependencies.map((dependency) => dependency.linked()));
      if (linked.every(Boolean)) {
        outcome = await direction.run(module, subject);
        writes = direction.takeWrites();
        waitsFor = undefined;
      }
    }
    const entry = describeEntry(instanceId, module, id, outcome, writes, waitsFor);
    planned.set(key, entry);
    inProgress.delete(key);
    return entry;
  }

  const pushing: Direction<string> = {
    name: 'push',
    idOf: (recordId) => recordId,
    run: async (module, recordId) => ({
      direction: 'push',
      outcome: await pushRecord(push, module, recordId),
    }),
    takeWrites: () => gateway.takeWrites(),
    dependenciesOf: ({ outcome }) =>
      outcome.outcome !== 'waiting'
        ? []
        : (outcome.dependencies as Array<{ module: string; recordId: string }>).map((dependency) => ({
            module: dependency.module,
            id: dependency.recordId,
            plan: () => plan(pushing, dependency.module, dependency.recordId),
            linked: async () =>
              (await links.find(instanceId, dependency.module, dependency.recordId)) !== undefined,
          })),
  };

  const pulling: Direction<ConnectWiseRecord> = {
    name: 'pull',
    idOf: (record) => String(record.id),
    run: async (module, record) => ({ direction: 'pull', outcome: await pullRecord(pull, module, record) }),
    takeWrites: () => writer.takeWrites(),
    dependenciesOf: ({ outcome }) =>
      outcome.outcome !== 'waiting'
        ? []
        : (outcome.dependencies as Array<{ module: string; connectwiseId: number }>).map((dependency) => ({
            module: dependency.module,
            id: String(dependency.connectwiseId),
            plan: async () => {
              const resource = connector.modules.get(dependency.module)!.definition.connectwise.resource;
              const other = await runtime.gateway.find(resource, dependency.connectwiseId);
              return other ? plan(pulling, dependency.module, other) : undefined;
            },
            linked: async () =>
              (await links.findByConnectwiseId(instanceId, dependency.module, dependency.connectwiseId)) !==
              undefined,
          })),
  };

  return {
    push: (module: string, recordId: string) => plan(pushing, module, recordId),
    pull: (module: string, record: ConnectWiseRecord) => plan(pulling, module, record),
    entries: () => [...planned.values()],
  };
}
