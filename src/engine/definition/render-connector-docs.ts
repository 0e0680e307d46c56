import type { ConnectorDefinition, DirectionDefinition, FieldMapping, ModuleDefinition } from './schema.js';

const tick = (on: boolean): string => (on ? '✓' : '–');
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/**
 * The connector's documentation page, rendered from the definition so that it never drifts from what the
 * engine does: the push/pull matrix, server variables, lookups, and one mapping table per module and
 * direction, like the interworks documentation page.
 */
export function renderConnectorDocs(definition: ConnectorDefinition): string {
  const modules = Object.entries(definition.modules);
  const lines: string[] = [
    `# ${definition.title} connector`,
    '',
    '<!-- Generated from connectors/connectwise/ by `npm run docs:connector`; do not edit by hand. -->',
    '',
    `Definition version ${definition.version}. Push: cwsync sends BSS records to ${definition.title}. ` +
      `Pull: cwsync takes ${definition.title} records into the BSS. Rows marked *inferred* are cwsync's ` +
      'reconstruction where the interworks documentation has no table; the others are documented.',
    '',
    '## Push and pull methods',
    '',
    '| Entity | Push create | Push update | Push delete | Pull create | Pull update |',
    '|---|---|---|---|---|---|',
    ...modules.map(([, module]) => {
      const { push, pull } = module.abilities;
      return `| ${module.label} | ${tick(push.create)} | ${tick(push.update)} | ${tick(push.delete)} | ${tick(pull.create)} | ${tick(pull.update)} |`;
    }),
    '',
    '## Server variables',
    '',
    '| Variable | Used for | Explanation | Default | Basis |',
    '|---|---|---|---|---|',
    ...Object.values(definition.serverVariables).map(
      (variable) =>
        `| ${variable.label} | ${variable.modules.join(', ')} | ${cell(variable.description)}${variable.enum ? ` One of ${variable.enum.join(', ')}.` : ''} | ${variable.default} | ${variable.basis === 'inferred' ? "*inferred*: cwsync's own" : 'documented'} |`,
    ),
    '',
    '## Synchronization lookups',
    '',
    '| Lookup | Maps | ConnectWise values from |',
    '|---|---|---|',
    ...Object.values(definition.lookups).map(
      (lookup) =>
        `| ${lookup.label} | ${cell(lookup.description)} | ${lookup.connectwiseResource !== undefined ? `\`${lookup.connectwiseResource}\`` : `typed text${lookup.maxLength !== undefined ? ` (≤ ${lookup.maxLength})` : ''}: ConnectWise lists none`} |`,
    ),
    '',
    '## Properties mappings',
  ];
  for (const [, module] of modules) lines.push(...renderModule(module, definition.title));
  return `${lines.join('\n')}\n`;
}

function renderModule(module: ModuleDefinition, title: string): string[] {
  const lines = ['', `### ${module.label} ⇄ ${module.connectwise.label}`, ''];
  lines.push(`ConnectWise resource: \`${module.connectwise.resource}\`.`);
  if (module.dependencies.length > 0) {
    const order = module.dependencies.map(
      (dependency) =>
        `${dependency.as} (${dependency.many ? `each of its ${dependency.module}` : dependency.module}${dependency.of ? ` of the ${dependency.of}` : ''}${
          dependency.orFind
            ? `, else the one whose ${Object.entries(dependency.orFind)
                .map(([path, value]) => `${path} = ${value}`)
                .join(' and ')}`
            : ''
        }, ${dependency.order === 'before' ? 'synced first' : 'patched in once it exists'}${dependency.pushAgainWhen ? `; pushed again after this record when ${dependency.pushAgainWhen}` : ''})`,
    );
    lines.push(`Depends on: ${order.join('; ')}.`);
  }
  for (const warning of module.warnings) lines.push('', `> **Warning:** ${warning}`);
  const putFallback = module.connectwise.putWhenPatchRefused;
  if (putFallback)
    lines.push(
      '',
      `> A PATCH the tenant refuses for data already stored on the ${module.connectwise.label.toLowerCase()} ("String was not recognized as a valid DateTime") is followed once by a PUT of the record read back with the changes${putFallback.leaveOut.length > 0 ? `, without ${putFallback.leaveOut.join(', ')} (create-only)` : ''}; the report shows a warning.`,
    );
  for (const precondition of module.preconditions)
    lines.push('', `> Not pushed when ${precondition.message}.`);
  if (module.notes.length > 0) lines.push('', ...module.notes.map((note) => `- ${note}`));
  if (module.match.length > 0) {
    lines.push('', 'Before a create, an existing record is looked for (a blank value never matches):');
    lines.push(
      ...module.match.map(
        (rule, index) =>
          `${index + 1}. ${rule.description}${rule.reviewWhenDiffers.length > 0 ? ` — one whose ${rule.reviewWhenDiffers.join(', ')} differs is reported for a person to link (\`cwsync link\`)${rule.adoptWhen ? `, unless \`${rule.adoptWhen}\`` : ''}` : ''}`,
      ),
    );
  }
  if (module.push)
    lines.push(
      ...renderDirection(module.push, `BSS ${module.label}`, `${title} ${module.connectwise.label}`, 'Push'),
    );
  if (module.pull)
    lines.push(
      ...renderDirection(module.pull, `${title} ${module.connectwise.label}`, `BSS ${module.label}`, 'Pull'),
    );
  return lines;
}

function renderDirection(direction: DirectionDefinition, from: string, to: string, name: string): string[] {
  const lines = ['', `#### ${name}`, '', `| ${from} | ${to} | Note |`, '|---|---|---|'];
  for (const field of direction.fields) lines.push(fieldRow(field));
  const actions = [
    ...direction.preSync.map((action) => `Pre-synchronization — ${action.description}`),
    ...direction.postSync.map((action) => `Post-synchronization — ${action.description}`),
  ];
  if (actions.length > 0) lines.push('', ...actions.map((action) => `- ${action}`));
  for (const action of direction.postSync) {
    if (!action.lines) continue;
    lines.push('', `#### ${name} — ${action.as} (one per item, post-synchronization)`, '');
    lines.push(`| ${from} item | ${to} line | Note |`, '|---|---|---|');
    for (const field of action.lines.fields) lines.push(fieldRow(field));
  }
  return lines;
}

function fieldRow(field: FieldMapping): string {
  const notes = [
    field.basis === 'inferred' ? '*inferred*' : '',
    field.createOnly ? 'on create only' : '',
    field.maxLength !== undefined
      ? `at most ${field.maxLength} characters (longer is reported, not sent)`
      : '',
    field.note ?? '',
  ].filter(Boolean);
  return `| ${cell(field.source)} | ${field.target} | ${cell(notes.join('; '))} |`;
}
