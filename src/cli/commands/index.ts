import type { Command } from 'commander';
import { registerSandboxCommand } from './sandbox.js';

/** Each command module exports one registrar; the order here is the order of `cwsync --help`. */
export const commandRegistrars: Array<(program: Command) => void> = [registerSandboxCommand];
