import type { Command } from 'commander';

/** Each command module exports one registrar; the order here is the order of `cwsync --help`. */
export const commandRegistrars: Array<(program: Command) => void> = [];
