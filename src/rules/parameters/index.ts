export * from './types.js';
export * from './defaults.js';
export * from './parameter-set.js';
export * from './schema.js';
