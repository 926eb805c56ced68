export * from './builders';
export { EventsError, InvalidEventOptionsError } from './errors';
