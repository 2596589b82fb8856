/**
 * Gait events per foot, by view: walking bouts and foot-velocity events (velocity.ts), the side-view coordinate
 * method (sagittal.ts) and the frontal depth-aware position, velocity and acceleration features (frontal.ts).
 */
export * from './common.ts';
export { detectEvents, pelvisHorizontalVelocity, pointSpeed } from './velocity.ts';
export { detectSagittalEvents } from './sagittal.ts';
export { detectFrontalEvents, frontalDepthDirection, horizonRowPx } from './frontal.ts';
