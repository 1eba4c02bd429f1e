import { badRequest } from './errors.ts';

/** A file uploaded in a multipart request. */
export interface UploadedFile {
  readonly kind: 'upload';
  readonly name: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

export type RawParams = Record<string, unknown>;

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'upload';
}

/**
 * Typed access to a method's parameters. Telegram accepts the same parameter as a JSON value,
 * a query string or a form field, so numbers and booleans may arrive as strings and objects as
 * JSON text; every getter accepts both, as the real server does.
 */
export class MethodParams {
  constructor(readonly raw: RawParams) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== '';
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }

  int(name: string): number | undefined {
    const value = this.raw[name];
    if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
    if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
    return undefined;
  }

  bool(name: string): boolean {
    const value = this.raw[name];
    return value === true || value === 1 || value === 'true' || value === '1' || value === 'True';
  }

  /** An object parameter, given as an object (JSON bodies) or as JSON text (forms, queries). */
  json<T>(name: string, what = `${name} JSON object`): T | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value as T;
    try {
      return JSON.parse(value) as T;
    } catch {
      throw badRequest(`can't parse ${what}`);
    }
  }

  /** `chat_id` as a number, or an `@username` string. */
  chatId(name = 'chat_id'): number | string {
    const value = this.raw[name];
    if (typeof value === 'number') return Math.trunc(value);
    if (typeof value === 'string' && value.trim() !== '') {
      const trimmed = value.trim();
      return /^-?\d+$/.test(trimmed) ? Number.parseInt(trimmed, 10) : trimmed;
    }
    throw badRequest(`${name} is empty`);
  }

  userId(name = 'user_id'): number {
    const id = this.int(name);
    if (id === undefined || id <= 0) throw badRequest('invalid user_id specified');
    return id;
  }

  messageId(name = 'message_id'): number {
    const id = this.int(name);
    if (id === undefined) throw badRequest('message identifier is not specified');
    return id;
  }

  /** A file parameter: a file_id or URL string, or an upload (directly or via `attach://<field>`). */
  file(name: string): string | UploadedFile | undefined {
    const value = this.raw[name];
    if (isUploadedFile(value)) return value;
    if (typeof value !== 'string' || value === '') return undefined;
    if (value.startsWith('attach://')) {
      const attached = this.raw[value.slice('attach://'.length)];
      return isUploadedFile(attached) ? attached : undefined;
    }
    return value;
  }
}
