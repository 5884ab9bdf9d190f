import { expect, it } from 'vitest';
import { isBlockedAddress } from '../../server/net/address-policy.ts';

// Special ranges beyond the everyday private ones: each can reach or stand for a non-public host.
it.each([
  '198.18.0.1', // benchmarking
  '240.0.0.1', // reserved
  '255.255.255.255', // broadcast
  '224.0.0.1', // multicast
  '192.0.2.10', // documentation
  '2001:db8::1', // documentation
  '64:ff9b::a00:1', // NAT64 reaches 10.0.0.1
  '2002:c0a8:101::1', // 6to4 embeds 192.168.1.1
  '2001::1', // Teredo
  'fe80::1%eth0', // link-local with a zone
  '::ffff:169.254.169.254', // cloud metadata, IPv4-mapped
])('refuses %s', (ip) => expect(isBlockedAddress(ip)).toBe(true));

it.each(['1.1.1.1', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'])('allows public %s', (ip) =>
  expect(isBlockedAddress(ip)).toBe(false),
);
