import { randomBytes } from 'node:crypto';
import type { Document, PhotoSize, Video } from 'grammy/types';
import { badRequest } from './errors.ts';
import type { UploadedFile } from './method-params.ts';

export type MediaKind = 'photo' | 'video' | 'document';

interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  kind: MediaKind;
  size?: number;
  name?: string;
  mimeType?: string;
}

/** Telegram's file_ids begin with a type-dependent prefix; mimic it so ids look familiar in logs. */
const FILE_ID_PREFIX: Record<MediaKind | 'thumbnail', string> = {
  photo: 'AgACAgIAAxkBAA',
  thumbnail: 'AgACAgIAAxkDAA',
  video: 'BAACAgIAAxkBAA',
  document: 'BQACAgIAAxkBAA',
};

const randomId = (bytes: number): string => randomBytes(bytes).toString('base64url');

/**
 * Files the bot sent, by file_id. Contents are not kept: a file_id only has to be reusable,
 * and an unknown one must fail as Telegram fails it.
 */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  /** Resolves a send method's file parameter into a stored file (new for uploads and URLs). */
  resolve(kind: MediaKind, input: string | UploadedFile | undefined): StoredFile {
    if (input === undefined) throw badRequest(`there is no ${kind} in the request`);
    if (typeof input !== 'string') {
      return this.register(kind, {
        size: input.bytes.byteLength,
        name: input.name,
        mimeType: input.mimeType,
      });
    }
    const known = this.files.get(input);
    if (known) {
      if (known.kind !== kind && !(kind === 'document' && known.kind !== 'photo')) {
        throw badRequest(`can't use file of type ${titleCase(known.kind)} as ${titleCase(kind)}`);
      }
      return known;
    }
    if (/^https?:\/\//i.test(input)) {
      const name = decodeURIComponent(new URL(input).pathname.split('/').pop() || `${kind}.bin`);
      return this.register(kind, { name });
    }
    throw badRequest('wrong file identifier/HTTP URL specified');
  }

  private register(kind: MediaKind, meta: Omit<StoredFile, 'fileId' | 'fileUniqueId' | 'kind'>): StoredFile {
    const file: StoredFile = {
      fileId: `${FILE_ID_PREFIX[kind]}${randomId(36)}`,
      fileUniqueId: `AQAD${randomId(9)}`,
      kind,
      ...meta,
    };
    this.files.set(file.fileId, file);
    return file;
  }

  photoSizes(file: StoredFile): PhotoSize[] {
    return [
      {
        file_id: `${FILE_ID_PREFIX.thumbnail}${randomId(36)}`,
        file_unique_id: `AQADt${randomId(8)}`,
        width: 90,
        height: 90,
      },
      {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        width: 1280,
        height: 1280,
        ...(file.size !== undefined ? { file_size: file.size } : {}),
      },
    ];
  }

  video(file: StoredFile): Video {
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      width: 1280,
      height: 720,
      duration: 10,
      mime_type: 'video/mp4',
      ...(file.name ? { file_name: file.name } : {}),
      ...(file.size !== undefined ? { file_size: file.size } : {}),
    };
  }

  document(file: StoredFile): Document {
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      ...(file.name ? { file_name: file.name } : {}),
      mime_type:
        file.mimeType && file.mimeType !== 'application/octet-stream' ? file.mimeType : guessMime(file.name),
      ...(file.size !== undefined ? { file_size: file.size } : {}),
    };
  }
}

const titleCase = (kind: string): string => kind.charAt(0).toUpperCase() + kind.slice(1);

function guessMime(name: string | undefined): string {
  const extension = name?.split('.').pop()?.toLowerCase();
  const known: Record<string, string> = {
    pdf: 'application/pdf',
    txt: 'text/plain',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    mp4: 'video/mp4',
    zip: 'application/zip',
  };
  return (extension && known[extension]) || 'application/octet-stream';
}
