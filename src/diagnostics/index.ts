export * from './codes.js';
export * from './diagnostic.js';
export * from './compile-error.js';
export * from './suggest.js';
export * from './sink.js';
