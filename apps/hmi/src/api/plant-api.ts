// The live plant's snapshots over REST: tags, alarms, the water balance and the gateway's health.
import {
  API_ROUTES,
  type AlarmDto,
  type HealthDto,
  type TagDto,
  type WaterBalanceDto,
} from '@zld/api';
import { ApiError, request } from './http.js';

export const fetchTags = (): Promise<TagDto[]> => request(API_ROUTES.tags);

export const fetchAlarms = (): Promise<AlarmDto[]> => request(API_ROUTES.alarms);

/** The latest balance (503 until the gateway has computed one). */
export const fetchWaterBalance = (): Promise<WaterBalanceDto> => request(API_ROUTES.waterBalance);

/** The gateway's health in detail; the gateway answers only `{status, time}` without a session (401 here). */
export const fetchHealth = async (): Promise<HealthDto> => {
  const h = await request(API_ROUTES.healthz);
  if (!('plcs' in h)) throw new ApiError(401, 'UNAUTHORIZED', 'log in to see the health details');
  return h;
};
