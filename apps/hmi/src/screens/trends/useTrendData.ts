// One hook for trend data: load history first, then subscribe to live values, then clean up; in replay, cut loaded history.
import type { TagDto } from '@zld/api';
import { useEffect, useMemo, useState } from 'react';
import { useLiveStore, usePlantNow, useReplayTime, useSource } from '../../live/source-context.js';
import {
  appendSamples,
  indexAt,
  sampleOf,
  trimBefore,
  type Series,
} from '../../model/history-series.js';
import { toMs } from '../../model/time.js';
import { fetchHistory } from '../../api/history-api.js';

export type TrendQuery =
  | { tags: readonly string[]; maxPoints: number; follow: true; spanMs: number }
  | { tags: readonly string[]; maxPoints: number; follow: false; from: number; to: number };

export interface TrendData {
  series: Series[];
  from: number;
  to: number;
  loading: boolean;
  error: string | null;
}

const empty = (tags: readonly string[]): Series[] =>
  tags.map((name) => ({ name, kind: 'raw', bucketMs: null, samples: [] }));

/** A series restricted to [from, to] (keeping the sample just before `from`). */
function cut(s: Series, from: number, to: number): Series {
  const end = indexAt(s.samples, to);
  return trimBefore({ ...s, samples: s.samples.slice(0, end + 1) }, from);
}

export function useTrendData(q: TrendQuery): TrendData {
  const source = useSource();
  const live = useLiveStore();
  const cursor = useReplayTime();
  const plantNow = usePlantNow();
  const tagsKey = q.tags.join(',');
  const windowKey = q.follow ? `follow:${q.spanMs}` : `${q.from}-${q.to}`;
  const [state, setState] = useState<TrendData>(() => ({
    series: empty(q.tags),
    from: 0,
    to: 0,
    loading: true,
    error: null,
  }));

  useEffect(() => {
    if (source.mode === 'replay' || q.tags.length === 0) return;
    const tags = tagsKey.split(',');
    const ctrl = new AbortController();
    const now = plantNow();
    const from = q.follow ? now - q.spanMs : q.from;
    const to = q.follow ? now : q.to;
    let series = empty(tags);
    const unsubscribe: (() => void)[] = [];
    setState({ series, from, to, loading: true, error: null });

    fetchHistory({ tags, from, to, maxPoints: q.maxPoints }, ctrl.signal)
      .then((loaded) => {
        if (ctrl.signal.aborted) return;
        series = loaded;
        setState({ series, from, to, loading: false, error: null });
        if (!q.follow) return;
        // Then subscribe: the live value held now closes the gap between the history query and the first update.
        tags.forEach((name, i) => {
          const onValue = (t: TagDto) => {
            const at = toMs(t.ts);
            const span = q.spanMs;
            const s = appendSamples(series[i]!, [sampleOf(at, t.value, t.quality)]);
            if (s === series[i]) return;
            series = series.map((x, j) => (j === i ? trimBefore(s, plantNow() - span) : x));
            setState({
              series,
              from: plantNow() - span,
              to: plantNow(),
              loading: false,
              error: null,
            });
          };
          const held = live.tag(name);
          if (held) onValue(held);
          unsubscribe.push(live.subscribeTag(name, onValue));
        });
      })
      .catch((err: unknown) => {
        if (ctrl.signal.aborted) return;
        const message = err instanceof Error ? err.message : String(err);
        setState({ series, from, to, loading: false, error: message });
      });

    return () => {
      ctrl.abort();
      unsubscribe.forEach((u) => u());
    };
    // The query is identified by its tags and window keys (`q` itself is a fresh object each render).
  }, [source.mode, tagsKey, windowKey, q.maxPoints, live]);

  const replay = useMemo((): TrendData | null => {
    if (source.mode !== 'replay' || cursor === null) return null;
    const from = q.follow ? cursor - q.spanMs : q.from;
    const to = q.follow ? cursor : Math.min(q.to, cursor);
    const series = tagsKey
      .split(',')
      .filter((n) => n !== '')
      .map((name) => {
        const s = source.history?.(name);
        return s ? cut(s, from, to) : empty([name])[0]!;
      });
    return { series, from, to: q.follow ? cursor : q.to, loading: false, error: null };
  }, [source, cursor, tagsKey, windowKey]);

  return replay ?? state;
}
