import {
  type ConnectWiseGateway,
  type ConnectWiseRecord,
  type PostSyncAction,
  type ResumableStep,
  inSteps,
} from '../../../engine/index.js';
import { connectwisePaths } from '../resources.js';

const idOf = (value: unknown): number | undefined => {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'number' ? id : undefined;
};

/**
 * A company's type is settable on create only; a later change of the account's type goes through the
 * company's type associations, in two resumable steps: the new type is associated, then the association of the
 * type cwsync set before is removed (types a person added in ConnectWise stay). A retry after either step
 * finds the new association already there and finishes the removal.
 */
export const companyTypeAssociation: PostSyncAction = async (input, { gateway, connectwiseId, existing }) => {
  const typeId = (input as { typeId?: unknown } | null)?.typeId;
  if (typeof typeId !== 'number') return {};
  const types = Array.isArray(existing.types) ? (existing.types as unknown[]) : [];
  const previous = idOf(types[0]);
  if (previous === typeId) return {};
  const associations = connectwisePaths.typeAssociationsOf(connectwiseId);
  await inSteps(async (run) => {
    await run(associateType(gateway, associations, typeId));
    if (previous === undefined) return;
    const { remove } = gateway;
    if (!remove) throw new Error('this ConnectWise gateway cannot remove type associations');
    await run(
      dissociateType(gateway, (id) => remove.call(gateway, associations, id), associations, previous),
    );
  });
  return {
    types: [{ id: typeId }, ...types.filter((type) => idOf(type) !== previous && idOf(type) !== typeId)],
  };
};

/** The company's associations of one type (at most one, unless a person added it again by hand). */
const associationsOfType =
  (gateway: ConnectWiseGateway, associations: string, typeId: number) => (): Promise<ConnectWiseRecord[]> =>
    gateway.findMatching(associations, [{ field: 'type/id', value: typeId, child: false }]);

/**
 * Resume: the company's association of the type. No compensation: when the removal of the old type fails, the
 * retry finds this association and removes the old one; undoing it would cost a call and leave the company on
 * the type the account no longer has.
 */
function associateType(
  gateway: ConnectWiseGateway,
  associations: string,
  typeId: number,
): ResumableStep<ConnectWiseRecord[], void> {
  return {
    id: 'companyTypeAssociation.associate',
    resume: associationsOfType(gateway, associations, typeId),
    async write(held) {
      if (held.length === 0) await gateway.create(associations, { type: { id: typeId } });
    },
  };
}

/** Resume: the associations of the type cwsync set before that are still there (none when a retry removed them). */
function dissociateType(
  gateway: ConnectWiseGateway,
  remove: (id: number) => Promise<void>,
  associations: string,
  previous: number,
): ResumableStep<ConnectWiseRecord[], void> {
  return {
    id: 'companyTypeAssociation.dissociate',
    resume: associationsOfType(gateway, associations, previous),
    async write(old) {
      for (const association of old) await remove(association.id);
    },
  };
}
