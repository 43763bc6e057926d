import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { ConfigError } from '../src/config/errors.js';
import { addressPolicy } from '../src/fetch/address-policy.js';
import { tempDb } from './helpers.js';

/** Which addresses are refused and how `crawl.allowPrivateHosts` is written (no network: see ssrf.test.ts). */

const ROOT = resolve(import.meta.dirname, '..');

describe('crawl.allowPrivateHosts', () => {
  it('rejects allowPrivateHosts entries that are not a host name, address or range, naming the key and the entry', () => {
    const t = tempDb();
    try {
      mkdirSync(join(t.dir, 'schemes'));
      copyFileSync(join(ROOT, 'config/schemes/yanjiang-2021.yaml'), join(t.dir, 'schemes/s.yaml'));
      const file = join(t.dir, 'district.yaml');
      const write = (entries: string) => writeFileSync(file, `district: { name: 测试区, period: { start: 2026-01-01, end: 2026-12-31 }, scheme: schemes/s.yaml }
crawl: { allowPrivateHosts: ${entries} }
units: [{ id: town-a, name: 甲镇, type: town }]
`);
      write('["10.0.0.0/8", "fd00::/8", "[::1]", "127.0.0.1", "Intranet.Gov.CN", "政务.中国", "172.16.0.0/12"]');
      expect(loadConfig(file).config.crawl.allowPrivateHosts).toHaveLength(7);
      write('["127.0.0.1", "10.0.0.0/33", "intranet.gov.cn:8080", "http://10.1.1.1/", "", "300.1.2.3", "fd00::/129", "a b"]');
      let error: unknown;
      try {
        loadConfig(file);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const expected = 'expected a host name (no port), an IP address or a CIDR range such as 10.0.0.0/8';
      expect((error as ConfigError).message.split('\n').map((l) => l.slice(l.indexOf('crawl.')))).toEqual([
        `crawl.allowPrivateHosts[1]: ${expected}, got "10.0.0.0/33"`,
        `crawl.allowPrivateHosts[2]: ${expected}, got "intranet.gov.cn:8080"`,
        `crawl.allowPrivateHosts[3]: ${expected}, got "http://10.1.1.1/"`,
        `crawl.allowPrivateHosts[4]: ${expected}, got ""`,
        `crawl.allowPrivateHosts[5]: ${expected}, got "300.1.2.3"`,
        `crawl.allowPrivateHosts[6]: ${expected}, got "fd00::/129"`,
        `crawl.allowPrivateHosts[7]: ${expected}, got "a b"`,
      ]);
    } finally {
      t.cleanup();
    }
  });
});

describe('the address policy', () => {
  const none = addressPolicy([]);

  it('refuses every blocked range, each with what kind of address it is', () => {
    const cases: Record<string, string[]> = {
      本机回环地址: ['127.0.0.1', '127.255.255.254', '::1', '::ffff:7f00:1', '64:ff9b::7f00:1'],
      本机或保留地址: ['0.0.0.0', '0.1.2.3', '::', '::a00:1'],
      内网地址: ['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1', 'fc00::1', 'fd12:3456::1', '::ffff:a00:1', 'fec0::1'],
      '运营商级 NAT 内网地址': ['100.64.0.1', '100.127.255.255'],
      链路本地地址: ['169.254.1.1', 'fe80::1', 'febf::1'],
      云服务器元数据地址: ['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254', '::ffff:a9fe:a9fe'],
      保留地址: ['192.0.0.8', '198.18.0.1', '198.19.255.255', '240.0.0.1', '255.255.255.255'],
      组播地址: ['224.0.0.1', '239.255.255.250', 'ff02::1'],
    };
    for (const [kind, addresses] of Object.entries(cases)) {
      for (const address of addresses) expect(none.refuseHost(address.includes(':') ? `[${address}]` : address), address).toBe(`${address} 是${kind}`);
    }
  });

  it('lets public addresses and ordinary names through, and only the configured private ones', () => {
    for (const host of ['8.8.8.8', '223.5.5.5', '172.32.0.1', '100.128.0.1', '169.255.0.1', '192.169.0.1', '11.0.0.1', '[2400:3200::1]', '[64:ff9b::808:808]', 'www.gov.cn', 'localhost.gov.cn', 'metadata.gov.cn']) {
      expect(none.refuseHost(host), host).toBeUndefined();
    }
    const some = addressPolicy(['10.20.0.0/16', '192.168.1.5', 'LOCALHOST', 'fd00::/8']);
    expect(['10.20.3.4', '192.168.1.5', 'localhost', '[fd00::5]', '[::ffff:10.20.0.1]'].map((h) => some.refuseHost(h))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(['10.21.0.1', '192.168.1.6', 'a.localhost', '[fe80::1]'].map((h) => some.refuseHost(h))).toEqual([
      '10.21.0.1 是内网地址', '192.168.1.6 是内网地址', 'a.localhost 是本机地址', 'fe80::1 是链路本地地址',
    ]);
  });
});
