/**
 * Verifies that BlazePose (pose-detection 2.1.3, tfjs runtime) runs its person detector
 * only when tracking is lost: counts detector and landmark model calls over consecutive
 * walking frames in Node (wasm). Harness only: the models are the app's, the counters
 * wrap the two GraphModels inside the library's detector.
 */
import * as poseDetection from '@tensorflow-models/pose-detection';
import { decodeFrames, probeVideo } from '../src/cli/video.ts';
import { createPoseEstimator } from '../src/pose/estimator.ts';
import { nodePoseIo } from '../src/pose/node.ts';

/** Detector calls, landmark calls and frames for `count` frames of `file` from frame `first`, at `widthPx` × `heightPx`. */
export async function benchDetectorSkip(file: string, first = 60, count = 60, size = { widthPx: 640, heightPx: 360 }): Promise<{ frames: number; detectorCalls: number; landmarkCalls: number }> {
  // createPoseEstimator configures the wasm backend; the detector below is the library's own.
  const io = nodePoseIo();
  const est = await createPoseEstimator({ model: 'blazepose-full', backend: 'wasm', io });
  est.dispose();
  const detector = (await poseDetection.createDetector(poseDetection.SupportedModels.BlazePose, {
    runtime: 'tfjs',
    modelType: 'full',
    enableSmoothing: false,
    detectorModelUrl: await io.loadPart('blazepose-detector'),
    landmarkModelUrl: await io.loadPart('blazepose-full'),
  })) as poseDetection.PoseDetector & { detectorModel: { predict: (...a: unknown[]) => unknown }; landmarkModel: { execute: (...a: unknown[]) => unknown } };
  let detectorCalls = 0;
  let landmarkCalls = 0;
  const predict = detector.detectorModel.predict.bind(detector.detectorModel);
  detector.detectorModel.predict = (...a: unknown[]) => (detectorCalls++, predict(...a));
  const execute = detector.landmarkModel.execute.bind(detector.landmarkModel);
  detector.landmarkModel.execute = (...a: unknown[]) => (landmarkCalls++, execute(...a));
  const tf = await import('@tensorflow/tfjs-core');
  const info = await probeVideo(file);
  let frames = 0;
  let i = 0;
  for await (const f of decodeFrames(file, info, size)) {
    if (i++ < first) continue;
    const t = tf.tensor3d(new Int32Array(f.image.data), [f.image.height, f.image.width, 3], 'int32');
    await detector.estimatePoses(t, { maxPoses: 1, flipHorizontal: false }, f.tS * 1000);
    t.dispose();
    if (++frames >= count) break;
  }
  detector.dispose();
  return { frames, detectorCalls, landmarkCalls };
}
