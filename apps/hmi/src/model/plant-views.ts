// What displays read of alarms and of the water balance: the wire types, with what a replay cannot rebuild optional.
import type { AlarmDto, BalanceTermDto, BalanceWindowDto, WaterBalanceDto } from '@zld/api';

/** The fields `K` of a wire type, and the others possibly absent: a replay rebuilds less than the gateway sends. */
type Known<T, K extends keyof T> = Pick<T, K> & Partial<Omit<T, K>>;

/** An alarm as displays read it: the gateway's alarm object, or one rebuilt from the journal in replay. */
export type AlarmView = Known<
  AlarmDto,
  'id' | 'tag' | 'message' | 'priority' | 'state' | 'active' | 'acked' | 'activeSince'
>;

export type BalanceTermView = Known<
  BalanceTermDto,
  'id' | 'label' | 'kind' | 'side' | 'kgH' | 'quality' | 'tags'
>;

export type BalanceWindowView = Known<
  Omit<BalanceWindowDto, 'in' | 'out' | 'inventory' | 'residual'>,
  'id' | 'seconds' | 'filled' | 'closurePct' | 'tolerancePct' | 'limitState' | 'quality'
> & {
  in: BalanceTermView[];
  out: BalanceTermView[];
  inventory: Known<BalanceWindowDto['inventory'], 'changeKgH' | 'quality'>;
  residual: Known<BalanceWindowDto['residual'], 'kgH' | 'quality'>;
};

/** A water balance as displays read it: the gateway's result, or one rebuilt from computed tags in replay. */
export type BalanceView = Known<
  Omit<WaterBalanceDto, 'windows' | 'condensateRecovery' | 'discharge'>,
  'ts' | 'quality'
> & {
  windows: BalanceWindowView[];
  condensateRecovery?: Known<
    WaterBalanceDto['condensateRecovery'],
    'pct' | 'lowPct' | 'lowLowPct' | 'limitState' | 'quality'
  >;
  discharge: Known<WaterBalanceDto['discharge'], 'state' | 'quality'>;
};
