/** Saved-reply variables: one implementation for the composer and the server's automations (src/saved-replies/variables.ts). */
export { fillVariables, firstName, unfilledVariables, type VariableContext } from '../../../src/saved-replies/variables.js';
