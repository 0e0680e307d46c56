/** A synchronization action could not produce its value; the message says what a person must fix. */
export class ActionError extends Error {
  constructor(
    readonly action: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}
