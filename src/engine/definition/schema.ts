import { z } from 'zod';

/**
 * The connector definition: everything the engine needs to know about one third-party system, as data.
 * It mirrors the interworks Integration Framework: modules with abilities, server variables, synchronization
 * lookups, pre/post-synchronization actions and a field mapping per direction (JSONata expressions).
 */

const identifier = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase identifier');

export const serverVariableSchema = z.object({
  label: z.string().min(1),
  description: z.string().min(1),
  modules: z.array(z.string()).min(1),
  type: z.enum(['integer', 'string']),
  default: z.union([z.number(), z.string()]),
  enum: z.array(z.string()).optional(),
  /** the ConnectWise resource whose record the variable names by id, for a picker by name */
  connectwiseResource: z.string().optional(),
  /** `inferred`: cwsync's own variable, not one of the interworks documentation's */
  basis: z.enum(['documented', 'inferred']).default('documented'),
  /** the field of that resource that names a record */
  connectwiseLabel: z.string().default('name'),
});

export const lookupSchema = z
  .object({
    label: z.string().min(1),
    description: z.string().min(1),
    /** the BSS lookup entity whose values are mapped (internal ids) */
    bssEntity: z.string().min(1),
    /**
     * `id`: the integration id is the id of a record of `connectwiseResource`, listed from ConnectWise for a picker;
     * `text`: ConnectWise keeps the value as text and lists none (e.g. an invoice payment's type): it is typed
     */
    connectwiseValue: z.enum(['id', 'text']).default('id'),
    /** the ConnectWise resource that lists the values to map to (integration ids); `id` lookups only */
    connectwiseResource: z.string().min(1).optional(),
    connectwiseLabel: z.string().default('name'),
    /** `text` lookups: the longest value ConnectWise takes */
    maxLength: z.number().int().positive().optional(),
    /** `text` lookups: values to suggest when typing (ConnectWise takes any text) */
    examples: z.array(z.string().min(1)).default([]),
  })
  .superRefine((lookup, context) => {
    if (lookup.connectwiseValue === 'id' && lookup.connectwiseResource === undefined)
      context.addIssue({
        code: 'custom',
        path: ['connectwiseResource'],
        message: 'is required for a lookup of ConnectWise ids (connectwiseValue: id)',
      });
    if (lookup.connectwiseValue === 'text' && lookup.connectwiseResource !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['connectwiseResource'],
        message:
          'must be left out of a lookup of typed text (connectwiseValue: text): ConnectWise lists no values',
      });
  });

export const fieldMappingSchema = z.object({
  /** the field written on the other side */
  target: z.string().min(1),
  /** how the documentation names the source of this field */
  source: z.string().min(1),
  /** JSONata over the mapping input; undefined leaves the field out of the body */
  expression: z.string().min(1),
  /** documented (interworks documentation) or inferred (cwsync's reconstruction) */
  basis: z.enum(['documented', 'inferred']).default('documented'),
  note: z.string().optional(),
  /** written on create only (ConnectWise ignores or refuses it later) */
  createOnly: z.boolean().default(false),
  /** compared when deciding whether a pull really changed something */
  compare: z.boolean().default(true),
  /**
   * push: the link keeps the value as cwsync wrote it, not as ConnectWise answers it (ConnectWise answers
   * `customFields` with every field of the screen, decorated), so an unchanged value is never written again
   */
  keepAsWritten: z.boolean().default(false),
  /**
   * push: the longest text ConnectWise takes in this field where its published schema states no limit but tenants
   * enforce one (accountNumber: 41); a longer value is a report entry naming the field and the limit, never sent
   */
  maxLength: z.number().int().positive().optional(),
});

export const dependencySchema = z.object({
  /** the name the mapping uses for the linked ConnectWise id: `link.<as>` */
  as: identifier,
  module: z.string().min(1),
  /** JSONata over the BSS record giving the BSS id of the record depended on (push) */
  recordId: z.string().min(1),
  /** JSONata over the ConnectWise record giving the ConnectWise id of the record depended on (pull) */
  connectwiseId: z.string().min(1).optional(),
  /**
   * 'before': synced first, the write waits for it. 'after': the write goes ahead without it and the field
   * is patched in once it exists, which is how an account and its primary contact never deadlock.
   */
  order: z.enum(['before', 'after']).default('before'),
  /** `recordId` is evaluated over this earlier dependency's BSS record (an account's primary contact) */
  of: identifier.optional(),
  /**
   * `recordId` gives a list of ids (an order's products, one per line): each is synced first, and
   * `link.<as>` is a map from BSS id to ConnectWise id (`$lookup(link.products, item.product.id)`)
   */
  many: z.boolean().default(false),
  /**
   * when `recordId` gives nothing: the record of the dependency's module whose BSS fields (dotted paths) equal
   * these values (JSONata over the record), the lowest id first (an account's contact flagged `isPrimary`)
   */
  orFind: z.record(z.string(), z.string().min(1)).optional(),
  /**
   * JSONata over this module's BSS record: when true after the record synced, the record depended on is pushed again
   * (a contact flagged `isPrimary` becomes its account's default contact)
   */
  pushAgainWhen: z.string().min(1).optional(),
  /**
   * the field of the depended-on record's last written body that names this record (`defaultContact`): when it
   * already holds this record's ConnectWise id, pushing it again would change nothing, so it is not queued
   */
  pushAgainUnlessWritten: z.string().min(1).optional(),
});

export const lookupUseSchema = z.object({
  as: identifier,
  lookup: z.string().min(1),
  /** JSONata over the BSS record giving the internal id to map (push) */
  internalId: z.string().min(1),
  /** JSONata over the ConnectWise record giving the integration id to map back (pull) */
  integrationId: z.string().min(1).optional(),
  required: z.boolean().default(true),
  /** what the report says when the value is not mapped */
  missingMessage: z.string().min(1),
});

export const actionUseSchema = z.object({
  as: identifier,
  /** an action of the connector's action registry, by name, e.g. stateCode, countryId, communicationItems */
  action: z.string().min(1),
  description: z.string().min(1),
  /** JSONata over the mapping input giving the action's arguments */
  input: z.string().min(1),
  /** postSync only: run after a create (or a link to an existing record) too, not only after an update */
  onCreate: z.boolean().default(false),
  /** postSync only: the child lines an action such as keepLinesInStep writes, one per BSS item */
  lines: z
    .object({
      /** JSONata over the mapping input giving the BSS items */
      items: z.string().min(1),
      /** each line's body, JSONata over the line input (the mapping input with `item` and `index`) */
      fields: z.array(fieldMappingSchema).min(1),
    })
    .optional(),
});

const pullMatchSchema = z.object({
  description: z.string().min(1),
  /** JSONata over the pull input giving the id of the BSS record this one is */
  recordId: z.string().min(1).optional(),
  /** BSS field → JSONata over the mapped BSS values; every one must be equal (blank never matches) */
  fields: z.record(z.string(), z.string().min(1)).optional(),
});

const directionSchema = z.object({
  /** pull only: how an unlinked ConnectWise record finds the BSS record it already is */
  match: z.array(pullMatchSchema).default([]),
  /** pull only: JSONata over the pull input giving the id of a BSS record created from it */
  newRecordId: z.string().min(1).optional(),
  /**
   * push only: named values derived from the mapping input, added to it (in order, each seeing the ones before)
   * before the preconditions, actions and fields: e.g. `address: 'record.addresses[isBilling = true][0]'`
   */
  derived: z.record(z.string().regex(/^[A-Za-z_]\w*$/), z.string().min(1)).default({}),
  preSync: z.array(actionUseSchema).default([]),
  postSync: z.array(actionUseSchema).default([]),
  fields: z.array(fieldMappingSchema).min(1),
});

export const abilitiesSchema = z.object({
  push: z.object({ create: z.boolean(), update: z.boolean(), delete: z.boolean() }),
  pull: z.object({ create: z.boolean(), update: z.boolean() }),
});

export const matchRuleSchema = z.object({
  description: z.string().min(1),
  /** every condition must hold; a blank value never matches, so the rule is skipped */
  conditions: z
    .array(
      z.object({
        /** ConnectWise field compared (a conditions path) */
        connectwiseField: z.string().min(1),
        /** JSONata over the mapped ConnectWise body (or the BSS record, with `of: record`) giving the value */
        value: z.string().min(1),
        of: z.enum(['body', 'record']).default('body'),
        /** compared through `childConditions` (e.g. communicationItems/value) */
        child: z.boolean().default(false),
        /** compared as a date (`[2026-06-02T00:00:00Z]`), not as text */
        date: z.boolean().default(false),
        /**
         * the caption of the custom field compared (through `customFieldConditions`); `connectwiseField` then
         * only names the condition
         */
        customField: z.string().min(1).optional(),
      }),
    )
    .min(1)
    .refine((conditions) => conditions.filter((condition) => condition.customField).length <= 1, {
      message: 'compares at most one custom field (ConnectWise matches one custom field per query)',
    }),
  /** a rule that finds several records is ambiguous and goes to the report */
  requireUnique: z.boolean().default(true),
  /**
   * `always`: looked for before every create. `afterUnsettledCreate`: only before a create that follows one whose
   * outcome is not known (its answer lost, the process stopped): for records with no key of their own to look up
   * cheaply, so that the look costs nothing in the normal case and a retry still never makes a duplicate
   */
  when: z.enum(['always', 'afterUnsettledCreate']).default('always'),
  /**
   * a record this rule finds whose value of one of these fields differs from the mapped body (as ConnectWise compares
   * text) is never linked and rewritten silently: it is reported for a person to link (`cwsync link`), unless
   * `adoptWhen` holds
   */
  reviewWhenDiffers: z.array(z.string().min(1)).default([]),
  /** JSONata over the mapping input: true links such a match without a person (a server variable, say) */
  adoptWhen: z.string().min(1).optional(),
});

export const preconditionSchema = z.object({
  /** JSONata over the mapping input; the record is not pushed unless it is true */
  check: z.string().min(1),
  /** what the report says when it is false */
  message: z.string().min(1),
});

export const moduleSchema = z.object({
  label: z.string().min(1),
  bssEntity: z.string().min(1),
  connectwise: z.object({
    resource: z.string().min(1),
    label: z.string().min(1),
    callbackType: z.string().optional(),
    /**
     * some tenants refuse every PATCH of this resource for data already stored in ConnectWise (a Date custom field
     * left null): such a refusal is followed, once, by a PUT of the record read back with cwsync's changes,
     * leaving out the fields ConnectWise takes on create only (a PUT carrying them is refused)
     */
    putWhenPatchRefused: z.object({ leaveOut: z.array(z.string().min(1)).default([]) }).optional(),
  }),
  abilities: abilitiesSchema,
  conflictPolicy: z.enum(['bss-wins', 'connectwise-wins', 'newest-wins']).default('bss-wins'),
  dependencies: z.array(dependencySchema).default([]),
  lookups: z.array(lookupUseSchema).default([]),
  preconditions: z.array(preconditionSchema).default([]),
  warnings: z.array(z.string()).default([]),
  notes: z.array(z.string()).default([]),
  match: z.array(matchRuleSchema).default([]),
  push: directionSchema.optional(),
  pull: directionSchema.optional(),
});

export const connectorDefinitionSchema = z
  .object({
    name: identifier,
    title: z.string().min(1),
    version: z.string().min(1),
    serverVariables: z.record(identifier, serverVariableSchema),
    lookups: z.record(z.string(), lookupSchema),
    modules: z.record(identifier, moduleSchema),
  })
  .superRefine((definition, context) => {
    for (const [moduleName, module] of Object.entries(definition.modules)) {
      for (const use of module.lookups) {
        if (!(use.lookup in definition.lookups)) {
          context.addIssue({
            code: 'custom',
            path: ['modules', moduleName, 'lookups', use.as],
            message: `uses lookup "${use.lookup}", which the definition does not declare`,
          });
        }
      }
      for (const dependency of module.dependencies) {
        if (!(dependency.module in definition.modules)) {
          context.addIssue({
            code: 'custom',
            path: ['modules', moduleName, 'dependencies', dependency.as],
            message: `depends on module "${dependency.module}", which the definition does not declare`,
          });
        }
      }
      if (module.abilities.push.create || module.abilities.push.update) {
        if (!module.push) {
          context.addIssue({
            code: 'custom',
            path: ['modules', moduleName],
            message: 'can push but has no push mapping',
          });
        }
      }
      if (module.abilities.pull.create || module.abilities.pull.update) {
        if (!module.pull) {
          context.addIssue({
            code: 'custom',
            path: ['modules', moduleName],
            message: 'can pull but has no pull mapping',
          });
        }
      }
    }
  });

export type ConnectorDefinition = z.infer<typeof connectorDefinitionSchema>;
export type ModuleDefinition = z.infer<typeof moduleSchema>;
export type FieldMapping = z.infer<typeof fieldMappingSchema>;
export type DirectionDefinition = z.infer<typeof directionSchema>;
export type LookupDefinition = z.infer<typeof lookupSchema>;
export type ServerVariableDefinition = z.infer<typeof serverVariableSchema>;
