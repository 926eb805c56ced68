export { type Clock, type ClockLike, sleep, systemClock, toClock } from './time/clock';
