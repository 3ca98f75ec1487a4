// The one command path: role, definition limits, select-before-operate, quality, demotion, step, interlocks, discharge, send, read-back, audit.
import type { ErrorCode } from '@zld/api';
import type { Plant } from '@zld/plant';
import { readbackTolerance, type Clock } from '@zld/tags';
import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditSink } from '../audit/audit-store.js';
import { plantStateRefusal, preflightRefusal } from './command-checks.js';
import type { CommandIdStore } from '../state/state-store.js';
import { CommandLedger, type LedgerOptions } from './command-ledger.js';
import type {
  Actor,
  CancelDone,
  CommandRejected,
  CommandResult,
  ReadbackFailure,
  SelectDone,
  WriteCommand,
} from './command-types.js';
import type { Lookup } from './interlocks.js';
import {
  driverErrorCode,
  errorText,
  isTimeout,
  realSleep,
  type PlcPort,
  type Sleep,
} from './plc-port.js';
import { DEFAULT_READBACK, settleMsOf, verifyReadback, type ReadbackOptions } from './readback.js';
import { refuse, type Refusal } from './refusal.js';
import { SelectRegistry } from './select-registry.js';

export type {
  Actor,
  CancelDone,
  CommandDone,
  CommandRejected,
  CommandResult,
  ReadbackFailure,
  SelectDone,
  WriteCommand,
} from './command-types.js';

export interface CommandServiceOptions {
  plant: Plant;
  /** Current values (the tag engine / runtime `value(name)`). */
  values: Lookup;
  /** The driver of a PLC. */
  port: (plcId: string) => PlcPort | undefined;
  audit: AuditSink;
  /** Real time (the wall clock, also when the gateway follows plant time): timeouts are for people and I/O. */
  clock: Clock;
  sleep?: Sleep;
  selectTimeoutMs?: number;
  readback?: Partial<ReadbackOptions>;
  ledger?: LedgerOptions;
  /** Command ids and their results kept across a restart (`state.sqlite`); default: in memory only. */
  ledgerStore?: CommandIdStore;
  /** A write whose read-back did not confirm it (the alarm service raises the tag's write-verification alarm). */
  onReadbackFailure?: (failure: ReadbackFailure) => void;
  /** A write whose read-back confirmed it (the alarm service clears the tag's pending read-back failure). */
  onReadbackVerified?: (tag: string) => void;
}

const SBO_REASON = {
  NO_SELECT:
    'no matching selection: select the point first, then operate with its selectId and the same value',
  TIMEOUT: 'the selection timed out: select the point again',
} as const;

export class CommandService {
  readonly selections: SelectRegistry;
  private readonly o: CommandServiceOptions;
  private readonly sleep: Sleep;
  private readonly readback: ReadbackOptions;
  private readonly ledger: CommandLedger<CommandResult>;
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(options: CommandServiceOptions) {
    this.o = options;
    this.sleep = options.sleep ?? realSleep;
    this.readback = { ...DEFAULT_READBACK, ...options.readback };
    this.selections = new SelectRegistry(options.selectTimeoutMs);
    this.ledger = new CommandLedger(
      options.ledger,
      options.ledgerStore && {
        store: options.ledgerStore,
        encode: (r) => JSON.stringify(r),
        decode: (text) => JSON.parse(text) as CommandResult,
        interrupted: (id) => ({
          ok: false,
          outcome: 'failure',
          ...refuse(
            'CONFLICT',
            `the gateway stopped while command ${id} was in progress: it may have reached the PLC; ` +
              'check the point before sending a new command',
          ),
          commandId: id,
          tag: '',
          duplicate: false,
        }),
      },
    );
  }

  /** Writes one point; every attempt, refused ones included, is audited. */
  async write(cmd: WriteCommand, actor: Actor): Promise<CommandResult> {
    const commandId = cmd.commandId ?? randomUUID();
    const fingerprint = JSON.stringify([actor.username, cmd.tag, cmd.value]);
    const answer = this.ledger.run(commandId, fingerprint, this.o.clock.now(), () =>
      this.serialized(cmd.tag, () => this.execute(cmd, commandId, actor)),
    );
    if (answer.kind === 'first') return answer.result;
    const audit = this.auditBase('write', cmd, actor, commandId);
    if (answer.kind === 'conflict') {
      const r = refuse('CONFLICT', `command id ${commandId} was already used for another command`);
      this.o.audit.record({ ...audit, outcome: 'refused', reason: r.reason });
      return { ok: false, outcome: 'refused', ...r, commandId, tag: cmd.tag, duplicate: false };
    }
    const first = await answer.result;
    this.o.audit.record({
      ...audit,
      outcome: 'refused',
      reason: `duplicate command id: not executed again (first ${first.ok ? 'succeeded' : first.outcome === 'failure' ? 'failed' : 'was refused'})`,
      details: { ...audit.details, duplicate: true },
    });
    return { ...first, tag: cmd.tag, duplicate: true };
  }

  /** A tag's current value (null when Bad or unknown). */
  currentValue(tagName: string): unknown {
    return this.o.values(tagName)?.value ?? null;
  }

  /** Whether the plant file puts writes to this tag under two-person approval. */
  needsApproval(tagName: string): boolean {
    return this.o.plant.tagByName.get(tagName)?.write?.approval === 'two-person';
  }

  /**
   * The checks a write would meet now (definition, role, plant state), without sending: a write that
   * waits for a second user's approval is refused at once (and audited) when it could not be applied.
   */
  check(cmd: WriteCommand, actor: Actor): CommandRejected | null {
    const audit = this.auditBase('write', cmd, actor, cmd.commandId);
    const tag = this.o.plant.tagByName.get(cmd.tag);
    const r = preflightRefusal(tag, cmd, actor) ?? plantStateRefusal(this.o, tag!, cmd.value);
    return r ? this.reject(audit, r, cmd.tag, cmd.commandId) : null;
  }

  /** Reserves a critical point for the actor's session (select-before-operate). */
  select(
    cmd: { tag: string; value: number | boolean },
    actor: Actor,
  ): SelectDone | CommandRejected {
    const audit = this.auditBase('select', cmd, actor, undefined);
    const refused = (r: Refusal): CommandRejected => this.reject(audit, r, cmd.tag, undefined);
    const tag = this.o.plant.tagByName.get(cmd.tag);
    const r0 = preflightRefusal(tag, cmd, actor);
    if (r0) return refused(r0);
    if (!tag!.write?.critical)
      return refused(
        refuse('BAD_REQUEST', `${cmd.tag} needs no select: write it directly`, {
          sbo: 'NOT_CRITICAL',
        }),
      );
    const r1 = plantStateRefusal(this.o, tag!, cmd.value);
    if (r1) return refused(r1);
    const now = this.o.clock.now();
    const ans = this.selections.select(
      cmd.tag,
      cmd.value,
      { ref: actor.sessionRef, username: actor.username },
      now,
    );
    if (!ans.ok)
      return refused(
        refuse(
          'CONFLICT',
          `${cmd.tag} is selected by another session (${ans.holder.username}) until ${new Date(ans.holder.expiresAt).toISOString()}`,
          { sbo: 'SELECTED_BY_OTHER' },
        ),
      );
    const expiresAt = new Date(ans.selection.expiresAt).toISOString();
    this.o.audit.record({
      ...audit,
      outcome: 'success',
      details: { ...audit.details, selectId: ans.selection.selectId, expiresAt },
    });
    return {
      ok: true,
      selectId: ans.selection.selectId,
      tag: cmd.tag,
      value: cmd.value,
      expiresAt,
    };
  }

  /** Releases the actor's selection of a point. */
  cancel(tagName: string, actor: Actor): CancelDone | CommandRejected {
    const audit = this.auditBase('cancel', { tag: tagName }, actor, undefined);
    const tag = this.o.plant.tagByName.get(tagName);
    if (!tag) return this.reject(audit, refuse('UNKNOWN_TAG', `unknown tag ${tagName}`), tagName);
    const sel = this.selections.cancel(tagName, actor.sessionRef, this.o.clock.now());
    if (!sel)
      return this.reject(
        audit,
        refuse('CONFLICT', `this session holds no selection of ${tagName}`, { sbo: 'NO_SELECT' }),
        tagName,
      );
    this.o.audit.record({
      ...audit,
      outcome: 'success',
      newValue: sel.value,
      details: { ...audit.details, selectId: sel.selectId },
    });
    return { ok: true, tag: tagName };
  }

  /** Releases every point a session held (call when a session ends). */
  releaseSession(sessionRef: string): number {
    return this.selections.releaseSession(sessionRef);
  }

  private async execute(
    cmd: WriteCommand,
    commandId: string,
    actor: Actor,
  ): Promise<CommandResult> {
    const audit = this.auditBase('write', cmd, actor, commandId);
    const refused = (r: Refusal): CommandRejected => this.reject(audit, r, cmd.tag, commandId);
    const tag = this.o.plant.tagByName.get(cmd.tag);
    const r0 = preflightRefusal(tag, cmd, actor);
    if (r0 || !tag) return refused(r0 ?? refuse('UNKNOWN_TAG', `unknown tag ${cmd.tag}`));
    // Checked immediately before sending: nothing awaits between these checks and the write. The plant's
    // state comes before the selection, so a blocked command names its interlock even without a select.
    const r1 = plantStateRefusal(this.o, tag, cmd.value);
    if (r1) return refused(r1);
    // A write a second user approved needs no selection: the approval was its deliberate second step.
    if (tag.write?.critical && actor.approvedBy === undefined) {
      const op = this.selections.operate(
        tag.name,
        cmd.value,
        actor.sessionRef,
        cmd.selectId,
        this.o.clock.now(),
      );
      if (!op.ok) return refused(refuse('CONFLICT', SBO_REASON[op.status], { sbo: op.status }));
    }
    const port = this.o.port(tag.plc!)!;
    const oldValue = this.o.values(tag.name)?.value ?? null;
    const base = { ...audit, oldValue };
    // A command that cannot be audited is not sent; and a crash before its result leaves this record.
    this.o.audit.record({ ...base, action: 'write-send', outcome: 'pending' });

    try {
      await port.write(tag.name, cmd.value);
    } catch (err) {
      const code: ErrorCode = isTimeout(err)
        ? 'PLC_TIMEOUT'
        : driverErrorCode(err) === 'DEMOTED'
          ? 'UNAVAILABLE'
          : 'PLC_ERROR';
      return this.reject(
        base,
        refuse(code, `PLC write failed: ${errorText(err)}`),
        tag.name,
        commandId,
        'failure',
      );
    }

    const rb = await verifyReadback(
      port,
      tag.name,
      cmd.value,
      readbackTolerance(tag, cmd.value),
      {
        ...this.readback,
        settleMs: settleMsOf(tag, this.o.plant.plcById.get(tag.plc!), this.readback.settleMs),
      },
      this.o.clock,
      this.sleep,
    );
    if (!rb.ok) {
      this.o.onReadbackFailure?.({
        commandId,
        tag: tag.name,
        requested: cmd.value,
        readBack: rb.value,
        quality: rb.quality,
        kind: rb.kind,
        message: rb.message,
        user: actor.username,
        time: this.o.clock.now(),
      });
      const code: ErrorCode = rb.kind === 'timeout' ? 'PLC_TIMEOUT' : 'PLC_ERROR';
      return this.reject(
        {
          ...base,
          details: {
            ...base.details,
            readBack: rb.value,
            readBackQuality: rb.quality,
            readBackKind: rb.kind,
          },
        },
        refuse(code, rb.message),
        tag.name,
        commandId,
        'failure',
      );
    }
    const now = this.o.clock.now();
    this.o.audit.record({
      ...base,
      outcome: 'success',
      details: { ...base.details, readBack: rb.value },
    });
    this.o.onReadbackVerified?.(tag.name);
    return {
      ok: true,
      commandId,
      tag: tag.name,
      requested: cmd.value,
      value: rb.value,
      quality: rb.quality,
      oldValue,
      time: new Date(now).toISOString(),
      duplicate: false,
    };
  }

  private reject(
    audit: AuditEvent,
    r: Refusal,
    tag: string,
    commandId?: string,
    outcome: 'refused' | 'failure' = 'refused',
  ): CommandRejected {
    const extra: Record<string, unknown> = { code: r.code };
    if (r.interlock) extra.interlock = r.interlock;
    if (r.dischargePath) extra.dischargePath = r.dischargePath;
    if (r.sbo) extra.sbo = r.sbo;
    this.o.audit.record({
      ...audit,
      outcome,
      reason: r.reason,
      details: { ...audit.details, ...extra },
    });
    return { ok: false, outcome, ...r, commandId, tag, duplicate: false };
  }

  private auditBase(
    action: string,
    cmd: { tag: string; value?: unknown; reason?: string | undefined },
    actor: Actor,
    commandId: string | undefined,
  ): AuditEvent & { details: Record<string, unknown> } {
    const details: Record<string, unknown> = { session: actor.sessionRef, role: actor.role };
    if (commandId !== undefined) details.commandId = commandId;
    if (cmd.reason !== undefined) details.operatorReason = cmd.reason;
    if (actor.approvedBy !== undefined) details.approvedBy = actor.approvedBy;
    return {
      category: 'command',
      action,
      outcome: 'refused',
      user: actor.username,
      source: actor.source,
      target: cmd.tag,
      newValue: cmd.value,
      details,
    };
  }

  private serialized<T>(tag: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(tag) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.chains.set(tag, tail);
    void tail.then(() => {
      if (this.chains.get(tag) === tail) this.chains.delete(tag);
    });
    return next;
  }
}
