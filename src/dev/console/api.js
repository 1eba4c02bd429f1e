/*
 * The console's HTTP: JSON requests to the dev API and to the sandbox client API, and an
 * actor's live stream (server-sent events).
 */

class RequestError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** A request with a JSON body; the answer's JSON (or text). Throws on an error or `ok: false`. */
export async function request(method, path, body) {
  const init = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const type = response.headers.get('content-type') ?? '';
  const payload = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok || (payload && typeof payload === 'object' && payload.ok === false)) {
    const detail =
      typeof payload === 'string'
        ? payload.slice(0, 200)
        : [payload?.error, payload?.description, payload?.message].filter(Boolean).join(': ');
    throw new RequestError(detail || `${response.status} ${response.statusText}`, response.status);
  }
  return payload;
}

export const getJson = (path) => request('GET', path);
export const devApi = (path) => `/dev/api${path}`;
export const enc = encodeURIComponent;

/** A machine's statechart as Mermaid source; with `active` (state paths), those are highlighted. */
export async function machineDiagram(name, active) {
  const query = active === undefined ? '' : `?active=${enc(active.join(','))}`;
  return String(await request('GET', devApi(`/machines/${enc(name)}/diagram${query}`)));
}

/** An actor's live stream: `on.open()`, `on.change()` per new event, `on.error(closed)`. */
export function actorStream(actorId, on) {
  const source = new EventSource(devApi(`/actors/${enc(actorId)}/stream`));
  source.addEventListener('open', () => on.open());
  source.addEventListener('actor', () => on.change());
  source.addEventListener('error', () => on.error(source.readyState === EventSource.CLOSED));
  return source;
}

/** The sandbox client API answers `{ ok, result }`. */
export async function sandboxCall(method, path, body) {
  const payload = await request(method, `/sandbox/client${path}`, body);
  return payload && typeof payload === 'object' && 'result' in payload ? payload.result : payload;
}

/** Something a sandbox person does: `POST /sandbox/client/users/<id>/<route>`. */
export const personPost = (userId, route, body) => sandboxCall('POST', `/users/${userId}/${route}`, body);
