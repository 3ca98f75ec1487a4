// Two-sided tabular CUSUM on the balance residual: small persistent losses (or gains) add up until they cross a threshold.

export interface CusumState {
  /** Accumulated loss side S+ and gain side S-, kg (both >= 0). */
  loss: number;
  gain: number;
  /** Residual steps taken since the start or the last reset. */
  steps: number;
  /** The last step was skipped because an input was Bad. */
  frozen: boolean;
}

/**
 * S+ = max(0, S+ + r - k dt), S- = max(0, S- - r - k dt), with r the residual mass (kg) over a step
 * of dt hours and k the allowed slack (kg/h). It does not reset itself after an alarm: the
 * operator resets it once the cause is fixed.
 */
export class Cusum {
  readonly slackKgH: number;
  readonly thresholdKg: number;
  private s: CusumState = { loss: 0, gain: 0, steps: 0, frozen: false };

  constructor(slackKgH: number, thresholdKg: number) {
    this.slackKgH = slackKgH;
    this.thresholdKg = thresholdKg;
  }

  /** Adds one step: residual mass `residualKg` over `hours`. */
  step(residualKg: number, hours: number): void {
    const k = this.slackKgH * hours;
    this.s = {
      loss: Math.max(0, this.s.loss + residualKg - k),
      gain: Math.max(0, this.s.gain - residualKg - k),
      steps: this.s.steps + 1,
      frozen: false,
    };
  }

  /** Skips a step whose inputs were Bad: the sums hold their values. */
  freeze(): void {
    this.s = { ...this.s, frozen: true };
  }

  reset(): void {
    this.s = { loss: 0, gain: 0, steps: 0, frozen: false };
  }

  get state(): Readonly<CusumState> {
    return this.s;
  }

  /** The larger side, signed: + loss, - gain. */
  get signed(): number {
    return this.s.loss >= this.s.gain ? this.s.loss : -this.s.gain;
  }

  get side(): 'loss' | 'gain' | null {
    if (this.s.loss === 0 && this.s.gain === 0) return null;
    return this.s.loss >= this.s.gain ? 'loss' : 'gain';
  }

  get alarm(): boolean {
    return this.s.loss > this.thresholdKg || this.s.gain > this.thresholdKg;
  }
}
