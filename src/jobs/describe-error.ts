/** The message kept for a failed job: the error's message, bounded, never its stack or a whole object. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.length > 2000 ? `${message.slice(0, 2000)}…` : message;
}
