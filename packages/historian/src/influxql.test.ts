import { describe, it, expect } from 'vitest';
import { HistorianInputError } from './historian.js';
import { parseInfluxUrl } from './influx-url.js';
import {
  aggregateStatement,
  badStatement,
  createRetentionPolicyStatement,
  rawStatement,
  source,
  whereClause,
} from './influxql.js';

const target = parseInfluxUrl('http://127.0.0.1:8086/zld');

describe('InfluxQL statements', () => {
  it('quote every identifier, keywords included', () => {
    expect(source(target)).toBe('"zld"."zld_raw"."samples"');
    expect(whereClause(['FT-001', 'LIC-402.SP'], 1000, 2000)).toBe(
      `("tag" = 'FT-001' OR "tag" = 'LIC-402.SP') AND time >= 1000000000 AND time < 2000000000`,
    );
    const one = { tags: ['FT-001'], from: 0, to: 60_000 };
    expect(aggregateStatement(target, { ...one, width: 0, groupMs: 1000 })).toBe(
      'SELECT min("value") AS "min", max("value") AS "max", sum("value") AS "sum", count("value") AS "nv", ' +
        'count("seq") AS "n", max("status") AS "worst", last("value") AS "last", count("seq") * 0 AS "bad" ' +
        'FROM "zld"."zld_raw"."samples" ' +
        `WHERE ("tag" = 'FT-001') AND time >= 0 AND time < 60000000000 GROUP BY time(1000ms), "tag" fill(none)`,
    );
    expect(
      aggregateStatement(target, { ...one, width: 60_000, groupMs: 3_600_000, into: 3_600_000 }),
    ).toBe(
      'SELECT min("min") AS "min", max("max") AS "max", sum("sum") AS "sum", sum("nv") AS "nv", ' +
        'sum("n") AS "n", max("worst") AS "worst", last("last") AS "last", sum("bad") AS "bad" ' +
        'INTO "zld"."zld_raw"."samples_1h" FROM "zld"."zld_raw"."samples_1m" ' +
        `WHERE ("tag" = 'FT-001') AND time >= 0 AND time < 60000000000 GROUP BY time(3600000ms), "tag" fill(none)`,
    );
    // Raw samples carry no `bad` field: a second statement counts the Bad status codes.
    expect(badStatement(target, { ...one, width: 0, groupMs: 1000, into: 5000 })).toBe(
      'SELECT count("status") AS "bad" INTO "zld"."zld_raw"."samples_5s" FROM "zld"."zld_raw"."samples" ' +
        `WHERE "status" >= 2147483648 AND ("tag" = 'FT-001') AND time >= 0 AND time < 60000000000 ` +
        'GROUP BY time(1000ms), "tag" fill(none)',
    );
    expect(rawStatement(target, ['FT-001'], 0, 1, 10)).toMatch(
      /"ts_origin" FROM "zld"\."zld_raw"\."samples" .* ORDER BY time ASC LIMIT 10$/,
    );
  });

  it.each([
    ["FT-001' OR '1'='1"],
    ["x') OR time > 0 --"],
    ['FT-001"; DROP DATABASE "zld'],
    ['FT-001\nDROP DATABASE zld'],
  ])('refuse the tag name %j', (name) => {
    expect(() => rawStatement(target, [name], 0, 1000, 10)).toThrow(HistorianInputError);
    expect(() =>
      aggregateStatement(target, {
        width: 0,
        tags: ['FT-001', name],
        from: 0,
        to: 1000,
        groupMs: 10,
      }),
    ).toThrow(HistorianInputError);
  });

  it.each(['0; DROP DATABASE zld', "now() - 1d' OR 1=1", 1.5, -1])('refuse the time %j', (t) => {
    expect(() => whereClause(['FT-001'], t as number, 2000)).toThrow(HistorianInputError);
    expect(() => whereClause(['FT-001'], 0, t as number)).toThrow(HistorianInputError);
  });

  it('refuse bad database, policy and duration even when built by hand', () => {
    expect(() => source({ ...target, database: 'zld"; DROP DATABASE "x' })).toThrow(
      HistorianInputError,
    );
    expect(() => source({ ...target, retentionPolicy: 'a b' })).toThrow(HistorianInputError);
    expect(() =>
      createRetentionPolicyStatement({ ...target, retention: '1h REPLICATION 3; DROP' }),
    ).toThrow(HistorianInputError);
  });
});

describe('InfluxDB URLs', () => {
  it('take the database from the path and options from the query', () => {
    expect(parseInfluxUrl('http://u:p%40ss@127.0.0.1:9999/plant?rp=raw&retention=30d')).toEqual({
      protocol: 'http',
      host: '127.0.0.1',
      port: 9999,
      database: 'plant',
      retentionPolicy: 'raw',
      retention: '30d',
      username: 'u',
      password: 'p@ss',
    });
    expect(parseInfluxUrl('http://127.0.0.1/zld').port).toBe(8086);
  });

  it.each([
    'http://127.0.0.1:8086/',
    'http://127.0.0.1:8086/zld%22%3B%20DROP',
    'http://127.0.0.1:8086/a/b',
    'http://127.0.0.1:8086/zld?rp=a%27b',
    'http://127.0.0.1:8086/zld?retention=1h%20REPLICATION%209',
    'ftp://127.0.0.1/zld',
    'not a url',
  ])('refuse %s', (url) => {
    expect(() => parseInfluxUrl(url)).toThrow(HistorianInputError);
  });
});
