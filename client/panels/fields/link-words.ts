import { ApiError } from '../../api.ts';

/**
 * Why a pasted link could not be kept, in a designer's words. The server's message repeats the link (already in the
 * box) and names network details; the reason is kept, said plainly, with the way out: download it and upload it.
 */
export function linkErrorWords(link: string, err: unknown): string {
  if (!(err instanceof ApiError)) return `Could not use this link: ${String(err)}`;
  if (err.status === 0) return err.message; // the pikaflow server itself is unreachable: its message says so
  if (err.status === 415) return 'This link is not an image or a video (PNG, JPEG, WebP, GIF, MP4, MOV or WebM).';
  const host = hostOf(link);
  const why = err.message.replace(/^Could not fetch \S+: /, '');
  const reason = /private or local address/.test(why)
    ? `${host} is on a private network, which pikaflow never fetches from.`
    : err.status === 413 || /limit/.test(why)
      ? 'The file at this link is too large.'
      : /answered HTTP (401|403)\b/.test(why)
        ? `${host} refused to hand over the file (it may need a login).`
        : /answered HTTP 404\b/.test(why)
          ? `Nothing was found at this link (${host} said “not found”).`
          : /answered HTTP \d+/.test(why)
            ? `${host} answered with an error (${why.match(/HTTP \d+/)![0]}).`
            : /timed out/.test(why)
              ? `${host} took too long to answer.`
              : /cannot fetch|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/.test(why)
                ? `pikaflow could not reach ${host}.`
                : `${capital(why)}${/[.!?]$/.test(why) ? '' : '.'}`;
  return `${reason} Download the file and use Upload instead.`;
}

function hostOf(link: string): string {
  try {
    return new URL(link).host;
  } catch {
    return 'That address';
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
