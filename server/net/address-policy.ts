import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a server-side fetch of a user-given URL may reach: public unicast only. Loopback, private,
 * link-local (cloud metadata lives at 169.254.169.254), CGNAT, multicast, documentation, benchmarking, 6to4/Teredo/
 * NAT64 (which embed or reach IPv4) and every other special range are refused. The ranges are ipaddr.js's own
 * (IANA special-purpose registries), so they are kept up to date by a maintained library rather than by hand.
 */

/** An IPv6 address that carries an IPv4 one in its low 32 bits: mapped (::ffff:a.b.c.d) or compatible (::a.b.c.d). */
function embeddedV4(v6: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const p = v6.parts;
  // Judged on the numbers, not the spelling: URL parsing turns [::ffff:127.0.0.1] into [::ffff:7f00:1].
  if (p.slice(0, 6).every((x) => x === 0))
    return ipaddr.IPv4.parse(`${p[6] >> 8}.${p[6] & 0xff}.${p[7] >> 8}.${p[7] & 0xff}`);
  return undefined;
}

/** True when `ip` is not a public unicast address (anything that is not a literal IP is refused too). */
export function isBlockedAddress(ip: string): boolean {
  const bare = ip.split('%')[0];
  if (!isIP(bare)) return true;
  let addr = ipaddr.parse(bare);
  if (addr.kind() === 'ipv6') addr = embeddedV4(addr as ipaddr.IPv6) ?? addr;
  return addr.range() !== 'unicast';
}
