// @shiftguard/simulator: the deployment simulator. This entry is its only public door.

export * from './errors';
