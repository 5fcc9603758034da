import { describe, expect, it } from 'vitest';
import { allowsAddress, allowsHost, parseHostAllowList } from './host-allow-list.js';
import { nonPublicRange, parseCidr, parseIp } from './ip.js';

const range = (s: string) => {
  const ip = parseIp(s);
  if (!ip) throw new Error(`unparsed ${s}`);
  return nonPublicRange(ip);
};

describe('IP ranges the outbound client refuses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['100::1', 'reserved'],
  ])('%s is %s', (ip, want) => {
    expect(range(ip)).toBe(want);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '169.253.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (ip) => {
    expect(range(ip)).toBeNull();
  });

  it('parses only canonical forms (URLs normalise the rest before they get here)', () => {
    for (const bad of [
      '0x7f000001',
      '2130706433',
      '0177.0.0.1',
      '127.1',
      '127.0.0.01',
      '256.0.0.1',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      'fe80::1%eth0',
      'example.com',
      '',
    ])
      expect(parseIp(bad), bad).toBeNull();
    expect(parseIp('1:2:3:4:5:6:7:8')?.v).toBe(6);
    expect(parseIp('::ffff:1.2.3.4')?.bytes.slice(12)).toEqual([1, 2, 3, 4]);
  });

  it('WHATWG URLs turn decimal, hex and octal IPv4 hosts into dotted quads', () => {
    for (const h of ['0x7f000001', '2130706433', '0177.0.0.1', '127.1', '0x7f.1']) expect(new URL(`http://${h}/`).hostname).toBe('127.0.0.1');
    expect(new URL('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]');
  });
});

describe('HEARKEN_OUTBOUND_ALLOW', () => {
  it('takes addresses, CIDR blocks, host names and *.domain', () => {
    const l = parseHostAllowList(' 127.0.0.1, 10.0.0.0/8 ,fd00::/8, feeds.intranet, *.corp.example ');
    expect(allowsAddress(l, parseIp('127.0.0.1')!)).toBe(true);
    expect(allowsAddress(l, parseIp('127.0.0.2')!)).toBe(false);
    expect(allowsAddress(l, parseIp('10.200.3.4')!)).toBe(true);
    expect(allowsAddress(l, parseIp('::ffff:10.1.1.1')!)).toBe(true);
    expect(allowsAddress(l, parseIp('fd00::5')!)).toBe(true);
    expect(allowsHost(l, 'feeds.intranet')).toBe(true);
    expect(allowsHost(l, 'FEEDS.intranet.')).toBe(true);
    expect(allowsHost(l, 'a.corp.example')).toBe(true);
    expect(allowsHost(l, 'corp.example')).toBe(false);
    expect(allowsHost(l, 'evilfeeds.intranet')).toBe(false);
  });

  it.each(['10.0.0.0/33', '1.2.3', 'http://x', '::1/129', 'a b', '10.0.0.0/8/1', '999.1.1.1'])('refuses %s', (bad) => {
    expect(() => parseHostAllowList(bad)).toThrow(/is not an IP address/);
  });

  it('parses single addresses as full-length blocks', () => {
    expect(parseCidr('::1')?.bits).toBe(128);
    expect(parseCidr('1.2.3.4')?.bits).toBe(32);
  });
});
