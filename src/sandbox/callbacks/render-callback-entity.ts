import type { ChangeEvent, SandboxContext } from '../context.js';
import { findResource } from '../registry/index.js';
import { renderRecord } from '../render/render-record.js';
import { trimCodebase } from './callback-signing-key.js';

/**
 * The changed record as the API answers it (names on references, `_info` hrefs under the reported codebase, as in
 * the captured Entity strings), for the callback `Entity`.
 */
export function callbackEntityRenderer(context: SandboxContext) {
  return (event: ChangeEvent): Record<string, unknown> | null => {
    const definition = findResource(event.resource);
    if (!event.record || !definition) return event.record;
    const apiBase = `${context.baseUrl()}/${trimCodebase(context.options.codebase)}/apis/3.0`;
    return renderRecord(definition, event.record, {
      apiBase,
      apiVersion: context.options.apiVersion,
      store: context.store,
    });
  };
}
