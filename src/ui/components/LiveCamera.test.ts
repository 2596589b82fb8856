/** The shared live camera and camera drawing: the clinic's and the home check's options (happy-dom, no real camera). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentHarness } from '../test-harness.ts';
import CameraDiagram from './CameraDiagram.svelte';
import LiveCamera from './LiveCamera.svelte';

const h = componentHarness({ settleRounds: 4, settleMs: 5 });
const { q, byTestId, settle } = h;

/** A browser whose camera request is refused, as when the user blocks the permission prompt. */
function refuseCamera(): { calls: number } {
  const counter = { calls: 0 };
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      enumerateDevices: () => Promise.resolve([]),
      getUserMedia: () => {
        counter.calls++;
        return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      },
    },
  });
  return counter;
}

const alertText = () => h.target.querySelector('[role="alert"]')?.textContent ?? null;
const buttonNamed = (name: string) => [...h.target.querySelectorAll('button')].find((b) => b.textContent?.trim() === name) ?? null;

describe('LiveCamera', () => {
  let gum: { calls: number };
  beforeEach(() => {
    gum = refuseCamera();
  });
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'mediaDevices');
  });

  it('clinic: waits for "Start camera"; a refused camera is said in words and Start is offered again', async () => {
    h.mount(LiveCamera, { kind: 'gait', title: 'Live camera', onRecorded: () => {} });
    await settle();
    expect(h.target.querySelector('h2')?.textContent).toBe('Live camera');
    expect(h.target.querySelector('section')?.getAttribute('aria-labelledby')).toBe(h.target.querySelector('h2')?.id);
    expect(byTestId('live-status').textContent).toContain('The camera is off.');
    expect(gum.calls).toBe(0);
    expect(alertText()).toBeNull();
    expect(h.target.querySelector('select')).not.toBeNull();
    expect(h.target.textContent).not.toContain('Show as a mirror');

    byTestId<HTMLButtonElement>('camera-start').click();
    await settle();
    expect(gum.calls).toBe(1);
    expect(alertText()).toMatch(/Camera access was refused/);
    expect(alertText()).toMatch(/Allow the camera/);
    expect(q('camera-retry')).toBeNull();
    expect(byTestId<HTMLButtonElement>('camera-start').disabled).toBe(false);
    expect(byTestId('live-status').textContent).toContain('The camera is off.');
    // Nothing live: no stats, no record button, the picture hidden.
    expect(q('pose-fps')).toBeNull();
    expect(q('camera-record')).toBeNull();
    expect(h.target.querySelector('.stage')?.classList.contains('hidden')).toBe(true);
    expect(h.target.querySelector('video')?.getAttribute('aria-label')).toBe('Live camera picture (mirrored)');
  });

  it('home: starts by itself; a refused camera offers "Try again", which asks again', async () => {
    h.mount(LiveCamera, { kind: 'posture', audience: 'patient', autoStart: true, mirror: 'choose', showStats: false });
    await settle();
    expect(gum.calls).toBe(1);
    expect(h.target.querySelector('h2')).toBeNull();
    expect(q('camera-start')).toBeNull();
    expect(q('camera-stop')).toBeNull();
    expect(alertText()).toMatch(/Camera access was refused/);
    expect(byTestId('home-camera-status').textContent).toContain('The camera is off.');
    expect(byTestId('home-camera-status').querySelector('[role="status"]')).not.toBeNull();
    // The picker only shows with two or more cameras; the mirror can be switched off.
    expect(h.target.querySelector('select')).toBeNull();
    const box = h.target.querySelector<HTMLInputElement>('.mirror-toggle input');
    expect(box?.checked).toBe(true);
    expect(h.target.querySelector('video')?.getAttribute('aria-label')).toBe('Live camera picture, mirrored like a mirror');
    box?.click();
    await settle();
    expect(h.target.querySelector('video')?.getAttribute('aria-label')).toBe('Live camera picture');
    expect(h.target.querySelector('.frame')?.classList.contains('mirrored')).toBe(false);

    byTestId<HTMLButtonElement>('camera-retry').click();
    await settle();
    expect(gum.calls).toBe(2);
    expect(alertText()).toMatch(/Camera access was refused/);
  });

  it('no Record button without onRecorded', async () => {
    h.mount(LiveCamera, { kind: 'gait' });
    await settle();
    expect(buttonNamed('Start camera')).not.toBeNull();
    expect(h.target.querySelector('h2')).toBeNull();
    expect(h.target.textContent).not.toContain('Record');
  });
});

describe('CameraDiagram', () => {
  const name = () => {
    const svg = h.target.querySelector('svg');
    const id = svg?.getAttribute('aria-labelledby') ?? '';
    return svg?.querySelector(`[id="${id}"]`)?.textContent?.trim() ?? null;
  };

  it('from above, for the clinician: walkway side, walkway end, in front', async () => {
    h.mount(CameraDiagram, { placement: 'walkway-side' });
    await settle();
    expect(name()).toBe('Seen from above: the camera stands 3 to 4 metres to the side of the walkway, pointing across it.');
    expect(h.target.textContent).toContain('camera, hip height, 3–4 m away');
    expect(h.target.textContent).toContain('walkway 5–6 m');
  });

  it('from above, at the end of the walkway', async () => {
    h.mount(CameraDiagram, { placement: 'walkway-end' });
    await settle();
    expect(name()).toBe('Seen from above: the camera stands at the end of the walkway, pointing along it.');
    expect(h.target.textContent).toContain('camera, hip height, at the end');
  });

  it('from above, in front of the patient', async () => {
    h.mount(CameraDiagram, { placement: 'facing' });
    await settle();
    expect(name()).toBe('Seen from above: the camera stands 2 to 3 metres in front of the patient.');
    expect(h.target.textContent).not.toContain('walkway');
  });

  it('from the side, for the patient at home, with the given distance', async () => {
    h.mount(CameraDiagram, { seenFrom: 'side', audience: 'patient', distanceM: [3, 4] });
    await settle();
    expect(name()).toBe('Seen from the side: the camera stands at hip height, 3 to 4 metres away from you, pointing straight at you.');
    expect(h.target.textContent).toContain('hip height');
    // Marker ids are unique per drawing and the arrows use them.
    const marker = h.target.querySelector('marker');
    expect(h.target.querySelector('.dim')?.getAttribute('marker-end')).toBe(`url(#${marker?.id})`);
  });
});
