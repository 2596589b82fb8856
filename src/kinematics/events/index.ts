/**
 * Gait events per foot, by view: walking bouts and foot-velocity events (velocity.ts), the side-view coordinate
 * method (sagittal.ts), the frontal depth-aware position, velocity and acceleration features (frontal.ts), and the
 * frontal walk's horizon row, direction in depth and passes between turns (passes.ts).
 */
export * from './common.ts';
export { detectEvents, pelvisHorizontalVelocity, pointSpeed } from './velocity.ts';
export { detectSagittalEvents } from './sagittal.ts';
export { detectFrontalEvents } from './frontal.ts';
export { frontalDepthDirection, frontalPasses, horizonRowPx } from './passes.ts';
