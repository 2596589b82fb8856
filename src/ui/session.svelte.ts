/**
 * The assessment in progress: who, what type, the video, the pose track, the report.
 * Big objects (blob, track, report) are held raw (not deeply reactive).
 */
import { analyzeTrack, AnalysisImpossibleError, mirrorName } from '../kinematics/index.ts';
import { KEYPOINT_NAMES } from '../kinematics/keypoints.ts';
import type { GaitReport, PoseTrack } from '../kinematics/types.ts';
import { assess } from '../assessment/index.ts';
import { addSession, deleteRecording, getPatient, type Patient } from '../storage/index.ts';
import { MODEL_INFO, type ModelId } from '../pose/models.ts';
import { PoseError } from '../pose/errors.ts';
import { TrackBuilder } from '../pose/track.ts';
import { CaptureError, isCancelled } from '../capture/errors.ts';
import { analyseVideo, type AnalysisProgress, type VideoAnalysis } from '../capture/video-file.ts';
import { assessmentType, type AssessmentTypeId } from './assessment-types.ts';
import { getPoseWorker, poseModel } from './pose-service.svelte.ts';
import { go, router } from './router.svelte.ts';

/** A message for the user: what happened and what to do. */
export interface UserMessage {
  message: string;
  remedy: string;
}

/** Share of frames with two or more people above which the app says so. */
const MULTI_PERSON_NOTE_FRACTION = 0.05;

class AssessmentSession {
  typeId = $state<AssessmentTypeId>('walk-side');
  patient = $state<Patient | null>(null);
  /** Height for this assessment, metres (from the patient, or typed in). */
  heightM = $state<number | null>(null);

  sourceKind = $state<'file' | 'recording' | 'import' | null>(null);
  sourceName = $state('');
  videoBlob = $state.raw<Blob | null>(null);
  videoUrl = $state<string | null>(null);
  /** The track as the model produced it (export/trim/swap start from it). */
  fullTrack = $state.raw<PoseTrack | null>(null);
  /** The full track with hand-made left/right swaps applied (what the review shows). */
  displayTrack = $state.raw<PoseTrack | null>(null);
  /** The track that was analysed (after trim and hand fixes). */
  track = $state.raw<PoseTrack | null>(null);
  trim = $state<{ startFrame: number; endFrame: number } | null>(null);
  swaps = $state<{ startFrame: number; endFrame: number }[]>([]);
  report = $state.raw<GaitReport | null>(null);
  reportError = $state<string | null>(null);
  /** Notes about the analysis the user should know (several people, truncated file, camera lost). */
  notes = $state<string[]>([]);
  progress = $state<AnalysisProgress | null>(null);
  analysing = $state(false);
  error = $state<UserMessage | null>(null);
  savedSessionId = $state<string | null>(null);
  private abort: AbortController | null = null;

  /** Starts a fresh assessment (keeps the chosen type and patient). */
  resetWork(): void {
    this.cancel();
    if (this.videoUrl) URL.revokeObjectURL(this.videoUrl);
    this.videoUrl = null;
    this.videoBlob = null;
    this.fullTrack = null;
    this.displayTrack = null;
    this.track = null;
    this.trim = null;
    this.swaps = [];
    this.report = null;
    this.reportError = null;
    this.notes = [];
    this.progress = null;
    this.error = null;
    this.savedSessionId = null;
    this.sourceKind = null;
    this.sourceName = '';
  }

  /** Sets the patient (by id, from storage) for the next assessment; null = no patient. */
  async choosePatient(id: string | null): Promise<void> {
    if (!id) {
      this.patient = null;
      return;
    }
    const p = (await getPatient(id)) ?? null;
    this.patient = p;
    if (p?.heightM) this.heightM = p.heightM;
  }

  /**
   * Id of the crash-safety copy of a live recording (stored chunk by chunk while recording). It is
   * kept until the session is saved (or, with no patient, until its report is shown), so a crash or
   * reload between Stop and Save still leaves the recording to recover on the next start.
   */
  safetyRecordingId: string | null = null;

  /** Drops the crash-safety copy of the recording once it is no longer the only copy that survives a reload. */
  async releaseSafetyCopy(): Promise<void> {
    const id = this.safetyRecordingId;
    this.safetyRecordingId = null;
    if (id) await deleteRecording(id);
  }

  /** Analyses a video file or recording frame by frame, then shows the review. `recordingId`: its crash-safety copy. */
  async analyse(blob: Blob, name: string, kind: 'file' | 'recording', notes: string[] = [], recordingId: string | null = null): Promise<void> {
    this.resetWork();
    this.safetyRecordingId = recordingId;
    this.sourceKind = kind;
    this.sourceName = name;
    this.videoBlob = blob;
    this.videoUrl = URL.createObjectURL(blob);
    this.notes = notes;
    this.analysing = true;
    this.progress = null;
    const abort = new AbortController();
    this.abort = abort;
    go('analyse');
    try {
      const worker = getPoseWorker()
        .catch((e: unknown) => {
          throw modelFailure(e);
        })
        .then(async (w) => {
          await w.reset();
          return w;
        });
      const result = await analyseVideo(blob, worker, {
        signal: abort.signal,
        onProgress: (p) => {
          this.progress = p;
        },
      });
      this.setTrack(this.makeTrack(result, name, kind), result);
      if (router.route.name === 'analyse') go('review');
    } catch (e) {
      if (isCancelled(e)) {
        this.error = null;
        // Back to setup only if the user is still watching the progress (not if they left for another screen).
        if (router.route.name === 'analyse') go('setup');
      } else if (e instanceof CaptureError) {
        this.error = { message: e.message, remedy: e.remedy };
      } else if (e instanceof PoseError) {
        const f = modelFailure(e);
        this.error = { message: f.message, remedy: f.remedy };
      } else if (e instanceof ModelFailure) {
        this.error = { message: e.message, remedy: e.remedy };
      } else {
        throw e;
      }
    } finally {
      this.analysing = false;
      if (this.abort === abort) this.abort = null;
    }
  }

  /** Cancels a running analysis. */
  cancel(): void {
    this.abort?.abort();
  }

  /** Shows an imported pose track (no video): review, then report. */
  openImportedTrack(track: PoseTrack, name: string): void {
    this.resetWork();
    this.sourceKind = 'import';
    this.sourceName = name;
    if (track.subject?.heightM) this.heightM = track.subject.heightM;
    this.setTrack(track, null);
    go('review');
  }

  private makeTrack(result: VideoAnalysis, name: string, kind: 'file' | 'recording'): PoseTrack {
    const model: ModelId = poseModel.model;
    const keypointSet = MODEL_INFO[model].keypointSet;
    const builder = new TrackBuilder({
      keypointSet,
      keypointNames: KEYPOINT_NAMES[keypointSet],
      source: { kind: kind === 'file' ? 'video' : 'camera', name, model },
      image: { widthPx: result.widthPx, heightPx: result.heightPx },
      view: assessmentType(this.typeId)?.view ?? null,
      heightM: this.heightM,
      keepFrameExtra: true,
    });
    for (const f of result.frames) builder.add(f);
    const track = builder.build();
    track.extra = { firstTimestampS: result.firstTimestampS, backend: poseModel.backend, frameSource: result.method };
    return track;
  }

  private setTrack(track: PoseTrack, result: VideoAnalysis | null): void {
    this.fullTrack = track;
    const notes = [...this.notes];
    const people = track.frames.map((f) => (typeof f.extra?.people === 'number' ? f.extra.people : null));
    const known = people.filter((p): p is number => p !== null);
    const withPerson = track.frames.filter((f) => f.keypoints.some((k) => k[0] !== null && k[2] > 0)).length;
    const several = known.filter((p) => p > 1).length;
    if (withPerson === 0) {
      notes.push('No person is visible in this video. Film the whole body of the patient, in good light, and try again.');
    } else if (known.length > 0 && several / known.length > MULTI_PERSON_NOTE_FRACTION) {
      notes.push(`More than one person was seen in ${several} of ${known.length} frames. Gaitscope analysed the most prominent person; check the skeleton follows the patient.`);
    }
    if (result?.truncatedAtFrame != null) {
      notes.push(`The video is damaged after frame ${result.truncatedAtFrame}; the ${result.truncatedAtFrame} frames before it were analysed.`);
    }
    this.notes = notes;
    this.recompute();
  }

  /** Trims the analysed part to frames [start, end] (inclusive) and re-analyses. */
  setTrim(startFrame: number, endFrame: number): void {
    this.trim = { startFrame: Math.min(startFrame, endFrame), endFrame: Math.max(startFrame, endFrame) };
    this.recompute();
  }

  /** Removes the trim. */
  clearTrim(): void {
    this.trim = null;
    this.recompute();
  }

  /** Swaps the left/right labels on frames [start, end] (inclusive) and re-analyses. */
  addSwap(startFrame: number, endFrame: number): void {
    this.swaps = [...this.swaps, { startFrame: Math.min(startFrame, endFrame), endFrame: Math.max(startFrame, endFrame) }];
    this.recompute();
  }

  /** Undoes every hand-made left/right swap. */
  clearSwaps(): void {
    this.swaps = [];
    this.recompute();
  }

  /** Rebuilds the analysed track from the full one (swaps, then trim) and runs the analysis. */
  recompute(): void {
    const full = this.fullTrack;
    if (!full) return;
    let frames = full.frames;
    if (this.swaps.length > 0) {
      const names = full.keypointNames;
      const mirrorIndex = names.map((n) => names.indexOf(mirrorName(n) as (typeof names)[number]));
      frames = frames.map((f, i) =>
        this.swaps.some((s) => i >= s.startFrame && i <= s.endFrame)
          ? { ...f, keypoints: f.keypoints.map((_, k) => f.keypoints[mirrorIndex[k] ?? k] ?? [null, null, 0]) }
          : f,
      );
    }
    this.displayTrack = { ...full, frames };
    if (this.trim) frames = frames.slice(this.trim.startFrame, this.trim.endFrame + 1);
    const track: PoseTrack = { ...full, frames, ...(this.heightM ? { subject: { ...full.subject, heightM: this.heightM } } : {}) };
    this.track = track;
    this.runAnalysis(track);
  }

  private runAnalysis(track: PoseTrack): void {
    const type = assessmentType(this.typeId);
    if (type && type.view === null) {
      this.report = null;
      this.reportError = `${type.title}: this screen analyses walking. Use the patient's home check for standing tests, or choose a walking assessment.`;
      return;
    }
    try {
      const report = analyzeTrack(track, { view: track.view ?? 'auto', heightM: this.heightM });
      const p = this.patient;
      const { flags, exercises } = assess(report, {
        ...(p?.yearOfBirth ? { ageYears: new Date().getFullYear() - p.yearOfBirth } : {}),
        ...(p && p.sex !== 'unspecified' ? { sex: p.sex } : {}),
        sideOfConcern: p?.sideOfConcern === 'both' ? null : (p?.sideOfConcern ?? null),
      });
      this.report = { ...report, flags, exercises };
      this.reportError = null;
    } catch (e) {
      if (!(e instanceof AnalysisImpossibleError)) throw e;
      this.report = null;
      this.reportError = e.message;
    }
  }

  /** Saves the session to the patient's record (once). Returns its id, or null without a patient. */
  async save(): Promise<string | null> {
    if (this.savedSessionId) return this.savedSessionId;
    const p = this.patient;
    const report = this.report;
    if (!p || !report) return null;
    const type = assessmentType(this.typeId);
    this.savedSessionId = await addSession({
      patientId: p.id,
      kind: type?.sessionKind ?? 'gait',
      report,
      ...(this.track ? { track: this.track } : {}),
      ...(this.videoBlob ? { videoBlob: this.videoBlob } : {}),
    });
    await this.releaseSafetyCopy();
    return this.savedSessionId;
  }
}

/** A pose model that failed to load, with a way forward. */
export class ModelFailure extends Error {
  override readonly name = 'ModelFailure';
  constructor(
    message: string,
    readonly remedy: string,
  ) {
    super(message);
  }
}

/** Wraps a model-loading error in words for the user. */
export function modelFailure(e: unknown): ModelFailure {
  if (e instanceof PoseError && e.code !== 'internal') return new ModelFailure(`The pose model failed: ${e.message}.`, e.remedy);
  const detail = e instanceof Error ? e.message : String(e);
  return new ModelFailure(
    `The pose model could not be loaded (${detail}).`,
    'Reload the page. If it happens again, the model files on this computer are missing or damaged: reinstall Gaitscope (npm install) or choose another model in Settings.',
  );
}

/** The one assessment in progress. */
export const session = new AssessmentSession();
