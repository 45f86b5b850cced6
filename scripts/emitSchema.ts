import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printAppSchema } from '../src/resolvers/printAppSchema.js';

const path = new URL('../schema/schema.graphql', import.meta.url);
writeFileSync(path, await printAppSchema());
process.stdout.write(`wrote ${path.pathname}\n`);
