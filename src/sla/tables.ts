import type { SlaTarget } from '../store/schema.js';

// The SLA tables' row types are in store/schema/sla.ts, with every other table's.

export const SLA_TARGETS: readonly SlaTarget[] = ['first_response', 'next_response', 'resolution'];
