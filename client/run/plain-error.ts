import type { EngineKind } from '../../shared/events.ts';

/** Words of a network failure in the server (undici, Node) or in the browser (fetch's own TypeErrors). */
const NETWORK =
  /^(TypeError: )?(fetch failed|failed to fetch|load failed)\.?$|NetworkError|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|socket hang up|network ?error/i;

/** What the editor says when the pikaflow server itself does not answer: what happened, then what to do. */
export const SERVER_UNREACHABLE =
  "Can't reach the pikaflow server — is it running? Start it (npm start), then try again.";

/**
 * A node's failure as a designer can act on it. Network errors reach the node as the HTTP library's words ("fetch
 * failed", "getaddrinfo ENOTFOUND …"); those say where the problem is instead. Anything else is shown as it is.
 */
export function plainError(message: string, engine: EngineKind): string {
  if (!NETWORK.test(message.trim())) return message;
  return engine === 'local'
    ? 'Could not reach the preview engine. Run again; if it keeps failing, restart pikaflow.'
    : 'The connection failed while talking to fal or fetching a file. Check the internet connection, then run again.';
}

/**
 * A message the browser's own request failed with (a toast's "Cannot run: Failed to fetch", the API client's
 * "cannot be reached") says that the pikaflow server did not answer and what to do. Anything else is kept.
 */
export function plainMessage(message: string): string {
  if (NETWORK.test(message.trim())) return SERVER_UNREACHABLE;
  const m = message.match(/^([^:]{1,40}: )?(.*)$/s);
  const [lead, rest] = [m?.[1] ?? '', (m?.[2] ?? message).trim()];
  if (NETWORK.test(rest) || /pikaflow server cannot be reached/i.test(rest)) return `${lead}${SERVER_UNREACHABLE}`;
  return message;
}
