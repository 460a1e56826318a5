export * from './organisations.js';
export * from './identity.js';
export * from './invoices.js';
export * from './statements.js';
export * from './applications.js';
export * from './payouts.js';
export * from './system.js';
