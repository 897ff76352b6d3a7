export * from './cast.ts';
