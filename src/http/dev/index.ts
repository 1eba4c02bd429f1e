export { createDevConsole, type DevConsole, type DevConsoleOptions } from './console.ts';
export { type GuardConfig, TOKEN_COOKIE } from './guard.ts';
export { openActorStreams } from './stream.ts';
