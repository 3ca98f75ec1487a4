// Worker bootstrap: loads a TypeScript worker through tsx, the same way under tsx, vitest and `node --import tsx`.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const entry =
  workerData?.role === 'checkpointer' ? './sqlite-checkpointer.ts' : './sqlite-worker.ts';
await tsImport(entry, import.meta.url);
