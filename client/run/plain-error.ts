import type { EngineKind } from '../../shared/events.ts';

/**
 * A node's failure as a designer can act on it. Network errors reach the node as the HTTP library's words ("fetch
 * failed", "getaddrinfo ENOTFOUND …"); those say where the problem is instead. Anything else is shown as it is.
 */
export function plainError(message: string, engine: EngineKind): string {
  if (!/^fetch failed$|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|socket hang up|network ?error/i.test(message.trim()))
    return message;
  return engine === 'local'
    ? 'Could not reach the preview engine. Run again; if it keeps failing, restart pikaflow.'
    : 'The connection failed while talking to fal or fetching a file. Check the internet connection, then run again.';
}
