import type { ValidateFunction } from 'ajv/dist/2020.js';

/**
 * The fixed schemas' validators, compiled ahead of the run by the build: scripts/build.mjs puts the code of
 * `standaloneValidators` in this module's place in the bundles. From the sources (the tests) there are none, and
 * `compileSchema` compiles each schema when it is first needed, as the build did.
 */
export const PRECOMPILED: Readonly<Record<string, ValidateFunction>> = {};
