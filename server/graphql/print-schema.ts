import fs from 'node:fs';
import { printSortedSchema } from './schema.js';

// `npm run schema:print` rewrites schema.graphql; tests fail when it drifts from the code.
fs.writeFileSync(new URL('../../schema.graphql', import.meta.url), printSortedSchema());
console.log('schema.graphql written');
