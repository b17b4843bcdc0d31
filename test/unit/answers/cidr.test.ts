import { describe, expect, it } from 'vitest';
import { cidrProblem } from '../../../src/answers/cidr.js';

describe('CIDRs', () => {
  it.each([
    ['203.0.113.0/24', undefined],
    ['0.0.0.0/0', undefined],
    ['::/0', undefined],
    ['2001:db8::/32', undefined],
    ['fe80::1:0:0:0/80', undefined],
    ['10.0.0.1/32', undefined],
    ['10.0.0.1/8', 'has host bits set after the prefix: write the network address'],
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
