#!/usr/bin/env node
// voxsync runs its TypeScript sources through tsx's loader, so `npm start` and the bin work
// without a separate build step on a fresh checkout.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
