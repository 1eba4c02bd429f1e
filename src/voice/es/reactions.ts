import { fixed } from '../message.ts';

/**
 * Short answers to a reaction button under a channel post, shown as a passing notice (plain
 * text, at most 200 characters). The closing emoji says whose side the post is on.
 */
type Side = { channel: 'vip' | 'free' };
const mark = ({ channel }: Side) => (channel === 'vip' ? '👑' : '🌸');

export const reactionRecorded = fixed<Side>(
  'reaction.recorded',
  { channel: 'free' },
  (p) => `Su reacción ha quedado registrada… Diana sabrá apreciarla. ${mark(p)}`,
);

export const reactionChanged = fixed<Side>(
  'reaction.changed',
  { channel: 'free' },
  (p) => `Como usted prefiera: he cambiado su reacción. ${mark(p)}`,
);

export const reactionUnchanged = fixed<Side>(
  'reaction.unchanged',
  { channel: 'free' },
  () => 'Ya había elegido esa… la conservo tal como está.',
);

export const reactionUnavailable = fixed<Side>(
  'reaction.unavailable',
  { channel: 'free' },
  () => 'Esa reacción ya no se ofrece en esta publicación…',
);

/** Nothing was recorded (an inconvenience on our side); pressing again may work. */
export const reactionNotRecorded = fixed<Side>(
  'reaction.notRecorded',
  { channel: 'free' },
  () => 'Un inconveniente me impidió anotar su reacción… Le ruego que vuelva a intentarlo en un momento.',
);
