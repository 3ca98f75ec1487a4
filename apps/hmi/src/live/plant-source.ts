// One shape for "the plant now" whether it comes live from the gateway or from history at a replay cursor.
import type { TagDefinitionDto, TagDto } from '@zld/api';
import type { Series } from '../model/history-series.js';
import type { AlarmView, BalanceView } from '../model/plant-views.js';

export type { AlarmView, BalanceView };

/**
 * `connecting`: first connection; `resyncing`: connected, reloading alarms and values before showing live
 * (like OPC UA ConditionRefresh); `live`; `lost`: the socket dropped, values are the last received.
 */
export type ConnectionState = 'connecting' | 'resyncing' | 'live' | 'lost';

export interface PlantSource {
  readonly mode: 'live' | 'replay';
  /** Called after any change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** A tag's definition and value (the object changes identity only when the tag changes). */
  tag(name: string): TagDto | undefined;
  definitions(): ReadonlyMap<string, TagDefinitionDto>;
  /** Alarms not in Normal state (active or unacknowledged, shelved, suppressed...). */
  alarms(): readonly AlarmView[];
  balance(): BalanceView | null;
  connection(): ConnectionState;
  /** Wall time (live) or the replay cursor, epoch ms. */
  time(): number;
  /** Replay only: the loaded history of a tag, for trends drawn up to the cursor. */
  history?(name: string): Series | undefined;
}
