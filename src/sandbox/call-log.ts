import { isUploadedFile, type RawParams } from './method-params.ts';
import type { ApiCallRecord } from './records.ts';

/** Which calls to list: by method, after a sequence number, made with one idempotency key. */
export interface CallFilter {
  method?: string;
  sinceSeq?: number;
  idempotencyKey?: string;
}

/** The most recent Bot API calls, oldest first; bounded so a long sandbox session stays small. */
export class CallLog {
  private readonly records: ApiCallRecord[] = [];
  private seq = 0;

  constructor(private readonly limit = 2000) {}

  add(entry: Omit<ApiCallRecord, 'seq' | 'params'> & { params: RawParams }): ApiCallRecord {
    const record: ApiCallRecord = { ...entry, seq: ++this.seq, params: describeParams(entry.params) };
    this.records.push(record);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    return record;
  }

  list(filter: CallFilter = {}): ApiCallRecord[] {
    return this.records.filter(
      (record) =>
        (filter.method === undefined || record.method === filter.method) &&
        (filter.sinceSeq === undefined || record.seq > filter.sinceSeq) &&
        (filter.idempotencyKey === undefined || record.idempotencyKey === filter.idempotencyKey),
    );
  }

  get lastSeq(): number {
    return this.seq;
  }
}

/** Uploaded bytes are summarised, not kept. */
function describeParams(params: RawParams): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    described[key] = isUploadedFile(value)
      ? { upload: value.name, mime_type: value.mimeType, size: value.bytes.byteLength }
      : value;
  }
  return described;
}
