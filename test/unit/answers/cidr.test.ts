import { describe, expect, it } from 'vitest';
import { cidrProblem, containsAddress, isNetworkAddress, parseAddress, parseCidr } from '../../../src/answers/cidr.js';

describe('CIDRs', () => {
  it.each([
    ['203.0.113.0/24', undefined],
    ['0.0.0.0/0', undefined],
    ['::/0', undefined],
    ['2001:db8::/32', undefined],
    ['fe80::1:0:0:0/80', undefined],
    ['10.0.0.1/32', undefined],
    ['10.0.0.1/8', 'has host bits set: write the network address'],
    ['10.0.0.0/33', 'has a prefix longer than 32 bits'],
    ['10.0.0/8', 'has no valid IPv4 address'],
    ['010.0.0.0/8', 'has no valid IPv4 address'],
    ['1:2:3:4:5:6:7:8:9/64', 'has no valid IPv6 address'],
    ['1::2::3/64', 'has no valid IPv6 address'],
    ['10.0.0.0/8/8', 'is not ADDRESS/PREFIX'],
  ])('%s', (cidr, problem) => {
    expect(cidrProblem(cidr)).toBe(problem);
  });
});

describe('CIDR networks', () => {
  it('parses IPv4 and IPv6 networks and tells network addresses from host addresses', () => {
    expect(isNetworkAddress(parseCidr('10.20.0.0/16')!)).toBe(true);
    expect(isNetworkAddress(parseCidr('10.20.0.1/16')!)).toBe(false);
    expect(isNetworkAddress(parseCidr('2001:db8::/32')!)).toBe(true);
    expect(isNetworkAddress(parseCidr('::/0')!)).toBe(true);
    for (const bad of [
      '10.20.0.0',
      '10.20.0.0/33',
      '300.1.1.1/32',
      '010.1.1.1/32',
      '2001:db8::1::/64',
      '1:2:3:4:5:6:7:8:9/64',
    ])
      expect(parseCidr(bad), bad).toBeUndefined();
  });

  it('knows which network holds an address', () => {
    expect(containsAddress(parseCidr('10.20.0.0/16')!, parseAddress('10.20.3.4')!)).toBe(true);
    expect(containsAddress(parseCidr('10.20.0.0/16')!, parseAddress('10.21.0.1')!)).toBe(false);
    expect(containsAddress(parseCidr('2001:db8::/32')!, parseAddress('2001:db8:1::5')!)).toBe(true);
    expect(containsAddress(parseCidr('0.0.0.0/0')!, parseAddress('2001:db8::5')!)).toBe(false);
    expect(containsAddress(parseCidr('::ffff:0:0/96')!, parseAddress('::ffff:10.0.0.1')!)).toBe(true);
  });
});
