import { isUploadedFile, type RawParams } from './method-params.ts';
import type { ApiCallRecord } from './records.ts';

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

  list(filter: { method?: string; sinceSeq?: number } = {}): ApiCallRecord[] {
    return this.records.filter(
      (record) =>
        (filter.method === undefined || record.method === filter.method) &&
        (filter.sinceSeq === undefined || record.seq > filter.sinceSeq),
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
