import type { Queryable } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastVariants, rememberVariants } from '../../src/domain/voice-memory.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

/** The test database seen through an object of its own (a memory of its own), counting statements. */
function counted(failFirst = false): { db: Queryable; statements: () => number } {
  let statements = 0;
  let fail = failFirst;
  const db = {
    query: (q: unknown) => {
      statements++;
      if (fail) {
        fail = false;
        return Promise.reject(new Error('connection lost for the test'));
      }
      return t.db.query(q as never);
    },
  } as unknown as Queryable;
  return { db, statements: () => statements };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the variants of many people asked for at once are read in one statement', async () => {
  const writer = counted();
  rememberVariants(
    writer.db,
    501,
    new Map([
      ['greeting', 2],
      ['farewell', 1],
    ]),
  );
  rememberVariants(writer.db, 502, new Map([['greeting', 0]]));
  await sleep(200);

  const reader = counted();
  const [a, b, again, none] = await Promise.all([
    lastVariants(reader.db, 501, ['greeting', 'farewell']),
    lastVariants(reader.db, 502, ['greeting']),
    lastVariants(reader.db, 501, ['greeting']),
    lastVariants(reader.db, 503, ['greeting']),
  ]);
  assert.equal(
    [...a],
    [
      ['greeting', 2],
      ['farewell', 1],
    ],
  );
  assert.equal([...b], [['greeting', 0]]);
  assert.equal([...again], [['greeting', 2]]);
  assert.equal([...none], []);
  assert.is(reader.statements(), 1);
  // Known now: no statement at all.
  await lastVariants(reader.db, 502, ['greeting']);
  assert.is(reader.statements(), 1);
});

test('a failed read fails those waiting for it, and the next read tries again', async () => {
  const writer = counted();
  rememberVariants(writer.db, 601, new Map([['greeting', 3]]));
  await sleep(200);
  const reader = counted(true);
  const outcomes = await Promise.allSettled([
    lastVariants(reader.db, 601, ['greeting']),
    lastVariants(reader.db, 602, ['greeting']),
  ]);
  assert.equal(
    outcomes.map((o) => o.status),
    ['rejected', 'rejected'],
  );
  const later = await lastVariants(reader.db, 601, ['greeting']);
  assert.equal([...later], [['greeting', 3]]);
  assert.is(reader.statements(), 2);
});

test.run();
