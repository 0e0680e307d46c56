import type { PostSyncAction } from '../../../engine/index.js';
import { connectwisePaths } from '../resources.js';

const idOf = (value: unknown): number | undefined => {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'number' ? id : undefined;
};

/**
 * A company's type is settable on create only; a later change of the account's type goes through the
 * company's type associations: the new type is associated, then the association of the type cwsync set
 * before is removed (types a person added in ConnectWise stay).
 */
export const companyTypeAssociation: PostSyncAction = async (input, { gateway, connectwiseId, existing }) => {
  const typeId = (input as { typeId?: unknown } | null)?.typeId;
  if (typeof typeId !== 'number') return {};
  const types = Array.isArray(existing.types) ? (existing.types as unknown[]) : [];
  const previous = idOf(types[0]);
  if (previous === typeId) return {};
  const associations = connectwisePaths.typeAssociationsOf(connectwiseId);
  const held = await gateway.findMatching(associations, [{ field: 'type/id', value: typeId, child: false }]);
  if (held.length === 0) await gateway.create(associations, { type: { id: typeId } });
  if (previous !== undefined) {
    if (!gateway.remove) throw new Error('this ConnectWise gateway cannot remove type associations');
    const old = await gateway.findMatching(associations, [
      { field: 'type/id', value: previous, child: false },
    ]);
    for (const association of old) await gateway.remove(associations, association.id);
  }
  return {
    types: [{ id: typeId }, ...types.filter((type) => idOf(type) !== previous && idOf(type) !== typeId)],
  };
};
