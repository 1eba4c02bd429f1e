import { z } from 'zod';

/**
 * The member's content buttons: "1:cl:<page>" (the list), "1:cd:<id>" (one package) and
 * "1:ci:<id>" (💌 Me interesa). Every argument is parsed, never trusted.
 */
const VERSION = '1';

/** Plain decimal digits only: no sign, exponent, hex or spaces slip through as a number. */
const digits = z.string().regex(/^\d{1,10}$/);
const page = digits.transform(Number).pipe(z.number().int().min(0).max(100_000));
const id = digits.transform(Number).pipe(z.number().int().min(1).max(2_147_483_647));

const schemas = [
  z.tuple([z.literal('cl'), page]).transform(([, p]) => ({ kind: 'contentList' as const, page: p })),
  z
    .tuple([z.literal('cd'), id])
    .transform(([, packageId]) => ({ kind: 'contentDetail' as const, packageId })),
  z.tuple([z.literal('ci'), id]).transform(([, packageId]) => ({ kind: 'interest' as const, packageId })),
] as const;

export type ContentCallback = z.output<(typeof schemas)[number]>;

export const encodeContent = {
  list: (p: number) => [VERSION, 'cl', p].join(':'),
  detail: (packageId: number) => [VERSION, 'cd', packageId].join(':'),
  interest: (packageId: number) => [VERSION, 'ci', packageId].join(':'),
};

/**
 * The content action of the parts after the version ("cl:<page>" split on ":"), or undefined
 * for anything else: another kind of button, a number out of range, extra parts.
 */
export function parseContentCallback(parts: string[]): ContentCallback | undefined {
  for (const schema of schemas) {
    const parsed = schema.safeParse(parts);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}
