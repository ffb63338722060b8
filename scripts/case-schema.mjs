#!/usr/bin/env node
// Writes docs/eligibility-case.schema.json from the case schema (after npm run build).
// The test suite fails when the file and the schema differ.
import { writeFileSync } from 'node:fs';
import { caseJsonSchema } from '../dist/domain/eligibility/case.js';

writeFileSync(new URL('../docs/eligibility-case.schema.json', import.meta.url), `${JSON.stringify(caseJsonSchema(), null, 2)}\n`);
