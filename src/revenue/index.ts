export { assessRevenue, applyRate, describeRate } from './assess-revenue.js';
export { loadRevenueReference, validateProfile, ReferenceError } from './load-revenue-reference.js';
export { estimate, type Estimate, type EstimateRequest } from './estimate.js';
export { computeRefund, type Refund, type ReturnedItem } from './compute-refund.js';
export { buildStatement, type AccountEntry, type Statement } from './build-statement.js';
export { reconcileVendorReturn, type VendorReturn, type VendorReconciliation } from './reconcile-vendor-return.js';
export { whatIf, type WhatIfResult } from './what-if.js';
export { parseTariffCsv, parseRatesCsv } from './parse-csv.js';
export type * from './types.js';
