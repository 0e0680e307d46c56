/** An instance or lookup the operator entered breaks a rule; each problem names the field and the rule. */
export class InstanceValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid connector instance: ${problems.join('; ')}`);
    this.name = 'InstanceValidationError';
  }
}

export class InstanceNotFoundError extends Error {
  constructor(readonly idOrName: string) {
    super(`no connector instance "${idOrName}" (see cwsync instance list)`);
    this.name = 'InstanceNotFoundError';
  }
}
