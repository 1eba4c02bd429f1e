import type { RawParams, UploadedFile } from '../method-params.ts';

/**
 * A multipart/form-data parser tolerant of grammY's encoding. Node 20's `Request.formData()`
 * rejects grammY uploads (it writes `filename=photo.jpg` unquoted and headers without spaces),
 * and Telegram accepts them, so the emulator must too.
 */
export function parseMultipart(body: Uint8Array, contentType: string): RawParams {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const token = boundary?.[1] ?? boundary?.[2]?.trim();
  if (!token) throw new Error('multipart body without a boundary');
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${token}`);
  const params: RawParams = {};
  let position = buffer.indexOf(delimiter);
  while (position !== -1) {
    const partStart = position + delimiter.length;
    if (buffer.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = buffer.indexOf(delimiter, partStart);
    if (next === -1) break;
    readPart(buffer.subarray(partStart, next), params);
    position = next;
  }
  return params;
}

function readPart(raw: Buffer, params: RawParams): void {
  // A part is CRLF, headers, CRLF CRLF, content, CRLF (before the next delimiter).
  const part = raw.subarray(
    raw.indexOf('\r\n') === 0 ? 2 : 0,
    raw.length - (raw.subarray(-2).toString() === '\r\n' ? 2 : 0),
  );
  const headerEnd = part.indexOf('\r\n\r\n');
  if (headerEnd === -1) return;
  const headers = new Map<string, string>();
  for (const line of part.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) return;
  const content = part.subarray(headerEnd + 4);
  const filename = dispositionParam(disposition, 'filename');
  if (filename === undefined) {
    params[name] = content.toString('utf8');
    return;
  }
  const file: UploadedFile = {
    kind: 'upload',
    name: filename,
    mimeType: headers.get('content-type') ?? 'application/octet-stream',
    bytes: new Uint8Array(content),
  };
  params[name] = file;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${key}=(?:"([^"]*)"|([^;]*))`, 'i').exec(disposition);
  if (!match) return undefined;
  return match[1] ?? match[2]?.trim();
}
