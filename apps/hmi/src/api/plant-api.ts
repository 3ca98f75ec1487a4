// The live plant's snapshots over REST: tags, alarms, the water balance and the gateway's health.
import {
  API_ROUTES,
  type AlarmDto,
  type HealthDto,
  type TagDto,
  type WaterBalanceDto,
} from '@zld/api';
import { request } from './http.js';

export const fetchTags = (): Promise<TagDto[]> => request(API_ROUTES.tags);

export const fetchAlarms = (): Promise<AlarmDto[]> => request(API_ROUTES.alarms);

/** The latest balance (503 until the gateway has computed one). */
export const fetchWaterBalance = (): Promise<WaterBalanceDto> => request(API_ROUTES.waterBalance);

export const fetchHealth = (): Promise<HealthDto> => request(API_ROUTES.healthz);
