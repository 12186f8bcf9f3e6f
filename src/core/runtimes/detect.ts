// Local model servers on their usual ports (config/local_runtimes.json): which ones answer on this machine, and
// the models they serve. Loopback only, each probe bounded in time, all in parallel.
import table from '../../../config/local_runtimes.json';

export interface RuntimeSpec {
  provider: string;
  label: string;
  /** The provider type written into the config. */
  type: string;
  base_url: string;
  /** Path on the server's origin that only this kind of server answers with 200 (and JSON with `expect`). */
  probe: string;
  expect?: string;
  /** Path on the origin that lists the models. */
  models: string;
}

export interface FoundRuntime {
  spec: RuntimeSpec;
  models: string[];
}

export const LOCAL_RUNTIMES = table.runtimes as RuntimeSpec[];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

async function getJson(url: string, timeoutMs: number, signal?: AbortSignal): Promise<{ ok: boolean; json?: unknown }> {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]) });
  const text = await res.text();
  try {
    return { ok: res.status === 200, json: JSON.parse(text) };
  } catch {
    return { ok: res.status === 200 };
  }
}

function modelIds(json: unknown): string[] {
  const o = json as { models?: { name?: unknown }[]; data?: { id?: unknown }[] } | undefined;
  const list = o?.models?.map((m) => m.name) ?? o?.data?.map((m) => m.id) ?? [];
  return list.filter((x): x is string => typeof x === 'string');
}

/** Whether `spec`'s server answers its own probe; its models if so. Never throws. */
export async function probeRuntime(spec: RuntimeSpec, timeoutMs: number, signal?: AbortSignal): Promise<FoundRuntime | undefined> {
  const url = new URL(spec.base_url);
  if (!LOOPBACK.has(url.hostname)) return undefined;
  try {
    const probe = await getJson(url.origin + spec.probe, timeoutMs, signal);
    if (!probe.ok || (spec.expect && !(probe.json && typeof probe.json === 'object' && spec.expect in probe.json))) return undefined;
    const models: { ok: boolean; json?: unknown } = spec.models === spec.probe ? probe : await getJson(url.origin + spec.models, timeoutMs, signal).catch(() => ({ ok: false }));
    return { spec, models: models.ok ? modelIds(models.json) : [] };
  } catch {
    return undefined;
  }
}

/** Every server that answers, in table order; of two on one port, the first listed. */
export async function findLocalRuntimes(specs: readonly RuntimeSpec[] = LOCAL_RUNTIMES, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<FoundRuntime[]> {
  const found = await Promise.all(specs.map((s) => probeRuntime(s, opts.timeoutMs ?? 1500, opts.signal)));
  const origins = new Set<string>();
  return found.filter((f): f is FoundRuntime => {
    if (!f) return false;
    const origin = new URL(f.spec.base_url).origin;
    if (origins.has(origin)) return false;
    origins.add(origin);
    return true;
  });
}
