export { EventsError, InvalidEventOptionsError } from './errors';
