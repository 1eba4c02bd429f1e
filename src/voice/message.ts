/** One way of saying a message; the weight makes some ways more frequent than others. */
export interface Variant<P> {
  weight: number;
  render: (params: P) => string;
}

/**
 * A message of the catalogue: its variants and a sample of its parameters. The sample lets the
 * voice tests render every variant and check the rules of VOICE.md mechanically.
 */
export interface Message<P> {
  key: string;
  sample: P;
  variants: Variant<P>[];
}

export function message<P>(key: string, sample: P, variants: Variant<P>[]): Message<P> {
  if (variants.length === 0) throw new Error(`message ${key} has no variant`);
  return { key, sample, variants };
}

/** A message with a single way of saying it. */
export function fixed<P>(key: string, sample: P, render: (params: P) => string): Message<P> {
  return message(key, sample, [{ weight: 1, render }]);
}

/**
 * Chooses a variant by weight, never the one this person saw last time (`lastShown`), so the
 * same person does not read the same words twice in a row.
 */
export function chooseVariant<P>(
  m: Message<P>,
  lastShown: number | undefined,
  random: () => number = Math.random,
): number {
  const candidates = m.variants.map((v, index) => ({
    index,
    weight: index === lastShown && m.variants.length > 1 ? 0 : v.weight,
  }));
  const total = candidates.reduce((sum, c) => sum + c.weight, 0);
  let roll = random() * total;
  for (const c of candidates) {
    roll -= c.weight;
    if (roll < 0 && c.weight > 0) return c.index;
  }
  return candidates.findLast((c) => c.weight > 0)?.index ?? 0;
}

export function renderMessage<P>(
  m: Message<P>,
  params: P,
  lastShown?: number,
  random?: () => number,
): { text: string; variant: number } {
  const variant = chooseVariant(m, lastShown, random);
  return { text: (m.variants[variant] as Variant<P>).render(params), variant };
}
