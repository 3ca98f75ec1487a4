// Tags and the command path: read every tag or one, write, select-before-operate, cancel a selection.
import { Type } from '../schemas/type.js';
import {
  CancelResultSchema,
  commandReplies,
  SelectRequestSchema,
  SelectResultSchema,
  WriteRequestSchema,
  WriteResultSchema,
} from '../schemas/command-schemas.js';
import { ApprovalSchema } from '../schemas/approval-schemas.js';
import { errorReplies } from '../schemas/common-schemas.js';
import { NoFields } from '../schemas/json-types.js';
import { CommandTagParamsSchema, TagNameParamsSchema, TagSchema } from '../schemas/tag-schemas.js';
import type { ApiRoute } from '../route-spec.js';

const noQuery = NoFields();

export const TAG_ROUTES = {
  tags: {
    method: 'GET',
    path: '/api/tags',
    access: 'viewer',
    summary: 'Every tag: its definition and current value',
    schema: { querystring: noQuery, response: { 200: Type.Array(TagSchema), ...errorReplies } },
  },
  tag: {
    method: 'GET',
    path: '/api/tags/:name',
    access: 'viewer',
    summary: 'One tag: its definition and current value',
    schema: {
      params: TagNameParamsSchema,
      querystring: noQuery,
      response: { 200: TagSchema, ...errorReplies },
    },
  },
  tagWrite: {
    method: 'POST',
    path: '/api/tags/:name/write',
    access: 'operator',
    summary: 'Write a value (limits, interlocks, read-back); answers the verified value',
    schema: {
      params: CommandTagParamsSchema,
      querystring: noQuery,
      body: WriteRequestSchema,
      response: { 200: WriteResultSchema, 202: ApprovalSchema, ...commandReplies },
    },
  },
  /** Select-before-operate of a critical point: `{value}` -> `{selectId, tag, value, expiresAt}`. */
  tagSelect: {
    method: 'POST',
    path: '/api/tags/:name/select',
    access: 'operator',
    summary: 'Select a critical point before operating it',
    schema: {
      params: CommandTagParamsSchema,
      querystring: noQuery,
      body: SelectRequestSchema,
      response: { 200: SelectResultSchema, ...commandReplies },
    },
  },
  /** Releases this session's selection of a point. */
  tagCancel: {
    method: 'POST',
    path: '/api/tags/:name/cancel',
    access: 'operator',
    summary: "Release this session's selection of a point",
    bodyOptional: true,
    schema: {
      params: CommandTagParamsSchema,
      querystring: noQuery,
      body: NoFields(),
      response: { 200: CancelResultSchema, ...commandReplies },
    },
  },
} as const satisfies Record<string, ApiRoute>;
