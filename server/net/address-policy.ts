import { isIP } from 'node:net';

/**
 * Which addresses a server-side fetch of a user-given URL may reach: public unicast only. Loopback, private,
 * link-local (cloud metadata lives at 169.254.169.254), CGNAT, multicast and reserved ranges are refused.
 */

const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];

const v4ToInt = (ip: string) => ip.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;

function v4Blocked(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKED.some(([base, bits]) => (n >>> (32 - bits)) === (v4ToInt(base) >>> (32 - bits)));
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part counts as two). */
function v6Groups(ip: string): number[] {
  let text = ip.toLowerCase().split('%')[0];
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    text = text.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const a = parse(head);
  const b = parse(tail);
  return tail === undefined ? a : [...a, ...new Array(8 - a.length - b.length).fill(0), ...b];
}

function v6Blocked(ip: string): boolean {
  const g = v6Groups(ip);
  // Judged on the numbers, not the spelling: URL parsing turns [::ffff:127.0.0.1] into [::ffff:7f00:1].
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) {
    const v4 = `${g[6] >>> 8}.${g[6] & 0xff}.${g[7] >>> 8}.${g[7] & 0xff}`;
    // IPv4-mapped and IPv4-compatible forms are judged by their IPv4 address (:: and ::1 land in 0.0.0.0/8).
    return v4Blocked(v4);
  }
  const first = g[0];
  return (
    (first & 0xfe00) === 0xfc00 || // fc00::/7 unique local
    (first & 0xffc0) === 0xfe80 || // fe80::/10 link-local
    (first & 0xff00) === 0xff00 || // ff00::/8 multicast
    (first === 0x64 && g[1] === 0xff9b) || // NAT64 can reach private IPv4
    (first === 0x2001 && g[1] === 0xdb8) ||
    first === 0x2002 // 6to4 embeds an IPv4 address
  );
}

/** True when `ip` is not a public unicast address. */
export function isBlockedAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return v4Blocked(ip);
  if (family === 6) return v6Blocked(ip);
  return true;
}
