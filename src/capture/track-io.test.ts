import { describe, expect, it } from 'vitest';
import { makeSyntheticWalk } from '../kinematics/index.ts';
import { importTrackFile, TrackImportError, trackFileName, trackToJson } from './track-io.ts';

const file = (text: string, name = 'track.json') => Object.assign(new Blob([text], { type: 'application/json' }), { name });

describe('pose-track files', () => {
  it('round-trips a track through export and import unchanged', async () => {
    const { track } = makeSyntheticWalk({});
    const back = await importTrackFile(file(trackToJson(track)));
    expect(back).toEqual(JSON.parse(trackToJson(track)));
  });

  it('names the field at fault in a malformed track', async () => {
    const { track } = makeSyntheticWalk({});
    const bad = JSON.parse(trackToJson(track)) as { version: number };
    bad.version = 9;
    const err = await importTrackFile(file(JSON.stringify(bad))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrackImportError);
    expect((err as TrackImportError).field).toBe('version');
    expect((err as Error).message).toMatch(/track\.json/);
  });

  it('says when a file is not JSON at all', async () => {
    const err = await importTrackFile(file('{"format": ', 'broken.json')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrackImportError);
    expect((err as Error).message).toMatch(/broken\.json is not JSON/);
  });

  it('derives the download name from the video name', () => {
    const { track } = makeSyntheticWalk({});
    expect(trackFileName({ ...track, source: { kind: 'video', name: 'walk side.mp4' } })).toBe('walk_side.pose-track.json');
  });
});
