// Runs the CLI from its TypeScript sources, for tests that need a real process: node --import tsx run-cli.ts …
import { main } from '../../src/cli/index.js';

await main(process.argv);
