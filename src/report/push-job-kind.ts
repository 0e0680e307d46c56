/** The job kind of a push of one record (`cwsync resync` enqueues it; the engine's runner handles it). */
export const pushJobKind = 'push';
