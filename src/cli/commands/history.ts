import { ValidationError } from '../../errors/index.js';
import type { Command } from 'commander';
import { loadConnectWiseDefinition } from '../../connectors/connectwise/index.js';
import { findInstanceId, InstanceNotFoundError } from '../../instances/index.js';
import { readRecordStory, type StoryEvent } from '../../report/index.js';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';

interface HistoryOptions {
  instance?: string;
  databaseUrl?: string;
  json?: boolean;
}

export function registerHistoryCommand(program: Command): void {
  program
    .command('history')
    .description(
      "A record's story, newest first: its BSS writes and pulls, runs, link and last write, report entry",
    )
    .argument('<module>', 'the module (accounts, contacts, …)')
    .argument('<recordId>', 'the BSS id of the record')
    .option('--instance <id-or-name>', 'only this connector instance')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print JSON')
    .action(async (module: string, recordId: string, options: HistoryOptions) => {
      const { definition } = await loadConnectWiseDefinition();
      const declared = definition.modules[module];
      if (!declared) {
        throw ValidationError.at(
          'module',
          'knownModule',
          `"${module}" must be one of ${Object.keys(definition.modules).join(', ')}`,
        );
      }
      const database = openCommandDatabase(options.databaseUrl);
      try {
        await database.migrate();
        let instanceId: string | undefined;
        if (options.instance !== undefined) {
          instanceId = await findInstanceId(database.db, options.instance);
          if (instanceId === undefined) throw new InstanceNotFoundError(options.instance);
        }
        const story = await readRecordStory(database.db, {
          module,
          entity: declared.bssEntity,
          recordId,
          ...(instanceId !== undefined ? { instanceId } : {}),
        });
        if (options.json) {
          console.log(JSON.stringify(story, null, 2));
          return;
        }
        if (story.events.length === 0) console.log(`Nothing is known of ${module} ${recordId}.`);
        for (const event of story.events) console.log(`${event.at}  ${describeEvent(event)}`);
        console.log(`\nNot kept, so not shown: ${story.cannotShow.join('; ')}.`);
      } finally {
        await database.destroy();
      }
    });
}

export function describeEvent(event: StoryEvent): string {
  switch (event.kind) {
    case 'bss-write': {
      const side =
        event.origin === 'pull' ? 'pulled from ConnectWise into the BSS' : `BSS write (${event.origin})`;
      const fields = event.changedFields.length > 0 ? `: ${event.changedFields.join(', ')}` : '';
      return `${side}, ${event.action}, version ${event.version}${fields}`;
    }
    case 'run-outcome':
      return `${event.instanceId}: run ${event.runId} (${event.direction}) ended ${event.outcome}`;
    case 'linked':
      return `${event.instanceId}: linked to ConnectWise #${event.connectwiseId}${event.lastPushed !== undefined ? `; the link keeps of the last write: ${JSON.stringify(event.lastPushed)}` : ''}`;
    case 'not-in-step':
      return `${event.instanceId}: ${event.direction} ${event.outcome} (${event.attempts} attempts since ${event.firstFailedAt}): ${event.message}${event.connectwise !== undefined ? ` — ConnectWise: ${JSON.stringify(event.connectwise)}` : ''}`;
  }
}
