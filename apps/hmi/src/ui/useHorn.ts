// The audible annunciation: a WebAudio beep that repeats while an unacknowledged alarm sounds, until silenced.
import { useCallback, useEffect, useRef, useState } from 'react';
import { beepPeriodMs, hornSounding, silence as silenceKeys } from '../model/annunciator.js';
import type { AlarmView } from '../model/plant-views.js';

let audio: AudioContext | null = null;

/** Browsers only start audio after a user gesture: the context is created (or resumed) on the first one. */
function audioContext(): AudioContext | null {
  if (typeof window === 'undefined' || typeof window.AudioContext !== 'function') return null;
  audio ??= new window.AudioContext();
  return audio;
}
if (typeof window !== 'undefined') {
  const unlock = () => {
    void audioContext()?.resume();
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
}

function beep(): void {
  const ctx = audioContext();
  if (!ctx || ctx.state !== 'running') return;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'square';
  osc.frequency.value = 880;
  gain.gain.setValueAtTime(0.0001, ctx.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.35);
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 0.4);
}

export interface Horn {
  sounding: boolean;
  silence(): void;
}

/** Beeps while `alarms` hold an unacked alarm not yet silenced; `enabled` false (replay) keeps it quiet. */
export function useHorn(alarms: readonly AlarmView[], enabled: boolean): Horn {
  const [silenced, setSilenced] = useState<ReadonlySet<string>>(() => new Set());
  const latest = useRef(alarms);
  latest.current = alarms;
  const sounding = enabled && hornSounding(alarms, silenced);
  const period = enabled ? beepPeriodMs(alarms, silenced) : null;

  useEffect(() => {
    if (period === null) return;
    beep();
    const timer = setInterval(beep, period);
    return () => clearInterval(timer);
  }, [period]);

  const silence = useCallback(() => setSilenced(silenceKeys(latest.current)), []);
  return { sounding, silence };
}
