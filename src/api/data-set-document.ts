import type { Jurisdiction } from '../domain/message.js';
import { dataSetFor } from '../intake/data-sets.js';

/** The regulated data set of a jurisdiction, as published at GET /v1/data-sets/{jurisdiction}. */
export function dataSetDocument(jurisdiction: string): unknown {
  return dataSetFor(jurisdiction as Jurisdiction);
}
