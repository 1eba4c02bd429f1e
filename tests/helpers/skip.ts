/**
 * A test that needs something this machine lacks (a redis-server binary, Chromium) reports
 * itself skipped with the reason; the runner counts "SKIPPED:" lines. With CI=true nothing may
 * be skipped, so the same situation is a failure there.
 */
export function skipReason(missing: string | undefined): boolean {
  if (!missing) return false;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${missing}: this test cannot be skipped in CI`);
  console.log(`SKIPPED: ${missing}`);
  return true;
}
