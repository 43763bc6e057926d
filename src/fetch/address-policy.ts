import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** The `code` of the error a refused lookup fails with; its message is the reason in Chinese. */
export const REFUSED_CODE = 'ERR_ZWGK_REFUSED_ADDRESS';

export class RefusedAddressError extends Error {
  readonly code = REFUSED_CODE;
}

/** What kind of address each blocked range is, in the words the office reads. */
const BLOCKED: ReadonlyArray<readonly [kind: string, ranges: readonly string[]]> = [
  ['云服务器元数据地址', ['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', 'fd00:ec2::254/128']],
  ['本机回环地址', ['127.0.0.0/8', '::1/128']],
  // Connecting to 0.0.0.0 or :: reaches this machine on Linux; ::/96 is the old IPv4-compatible form.
  ['本机或保留地址', ['0.0.0.0/8', '::/96']],
  ['内网地址', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fec0::/10']],
  ['运营商级 NAT 内网地址', ['100.64.0.0/10']],
  ['链路本地地址', ['169.254.0.0/16', 'fe80::/10']],
  ['保留地址', ['192.0.0.0/24', '198.18.0.0/15', '240.0.0.0/4']],
  ['组播地址', ['224.0.0.0/4', 'ff00::/8']],
];

/** Cloud metadata services by name (they resolve to link-local addresses; refused without asking DNS). */
const METADATA_NAMES = new Set([
  'metadata', 'metadata.google.internal', 'metadata.goog', 'metadata.tencentyun.com',
  'instance-data', 'instance-data.ec2.internal',
]);

/** NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits; that address is the real target. */
const NAT64 = blockList(['64:ff9b::/96']);

const BLOCKED_LISTS = BLOCKED.map(([kind, ranges]) => ({ kind, list: blockList(ranges) }));

/**
 * Decides which addresses zwgk may contact: no loopback, private, link-local, reserved or metadata
 * address unless `crawl.allowPrivateHosts` names the host, the address or a range containing it.
 */
export interface AddressPolicy {
  /** Why a URL host may not be contacted, judged without DNS (IP literals and names); undefined if not refused so far. */
  refuseHost(hostname: string): string | undefined;
  /** `dns.lookup` for sockets: fails with `RefusedAddressError` when any address of the name is blocked. */
  readonly lookup: LookupFunction;
}

interface AllowEntry {
  name?: string;
  address?: { base: string; prefix: number; family: 'ipv4' | 'ipv6' };
}

/** One `crawl.allowPrivateHosts` entry: a host name, an IP address or a CIDR range; undefined when none of these. */
export function parseAllowEntry(entry: string): AllowEntry | undefined {
  const text = entry.trim();
  const cidr = /^\[?([0-9a-fA-F:.]+)\]?\/(\d{1,3})$/.exec(text);
  if (cidr) {
    const prefix = Number(cidr[2]);
    if (!isIP(cidr[1]) || prefix > (isIP(cidr[1]) === 4 ? 32 : 128)) return undefined;
    return { address: { base: cidr[1], prefix, family: familyOf(cidr[1]) } };
  }
  let url: URL;
  try {
    url = new URL(`http://${text}/`);
  } catch {
    return undefined;
  }
  if (url.port || url.username || url.password || url.pathname !== '/' || url.search || url.hash || !text) return undefined;
  const host = bare(url.hostname);
  if (isIP(host)) return { address: { base: host, prefix: isIP(host) === 4 ? 32 : 128, family: familyOf(host) } };
  return { name: normalName(host) };
}

/** Resolves a name to all its addresses; the system resolver unless a test gives its own hosts table. */
export type Resolve = (hostname: string, options: dns.LookupOptions) => Promise<dns.LookupAddress[]>;

const systemResolve: Resolve = (hostname, options) => dns.promises.lookup(hostname, { ...options, all: true });

export function addressPolicy(allowPrivateHosts: readonly string[], resolve: Resolve = systemResolve): AddressPolicy {
  const allowedNames = new Set<string>();
  const allowedAddresses = new BlockList();
  for (const entry of allowPrivateHosts) {
    const parsed = parseAllowEntry(entry);
    if (!parsed) throw new Error(`crawl.allowPrivateHosts: "${entry}" is not a host name, IP address or CIDR range`);
    if (parsed.name) allowedNames.add(parsed.name);
    if (parsed.address) allowedAddresses.addSubnet(parsed.address.base, parsed.address.prefix, parsed.address.family);
  }

  const blockedKind = (address: string): string | undefined =>
    allowedAddresses.check(address, familyOf(address)) ? undefined : kindOf(address);

  const refuseHost = cached((hostname: string): string | undefined => {
    const host = normalName(bare(hostname));
    if (allowedNames.has(host)) return undefined;
    if (isIP(host)) {
      const kind = blockedKind(host);
      return kind && `${host} 是${kind}`;
    }
    if (METADATA_NAMES.has(host)) return `${host} 是云服务器元数据地址`;
    // Browsers and many resolvers answer *.localhost with loopback without asking DNS (RFC 6761).
    if (host === 'localhost' || host.endsWith('.localhost')) return `${host} 是本机地址`;
    return undefined;
  });

  /** Why the addresses a name resolved to may not be contacted. */
  const refuseAddresses = (hostname: string, addresses: readonly dns.LookupAddress[]): string | undefined => {
    if (allowedNames.has(normalName(hostname))) return undefined;
    for (const { address } of addresses) {
      const kind = blockedKind(address);
      if (kind) return `${normalName(hostname)} 解析到 ${address}（${kind}）`;
    }
    return undefined;
  };

  const lookup = ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    const refusal = refuseHost(hostname);
    if (refusal) return void callback(new RefusedAddressError(refusal));
    resolve(hostname, options).then((addresses) => {
      const refused = refuseAddresses(hostname, addresses);
      if (refused) callback(new RefusedAddressError(refused));
      else if (addresses.length === 0) callback(Object.assign(new Error(`${hostname} 没有地址`), { code: 'ENOTFOUND' }));
      else if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    }, (err: unknown) => callback(err));
  }) as LookupFunction;

  return { refuseHost, lookup };
}

/** Remembers decisions made without DNS: they depend on the host name alone. */
function cached(decide: (hostname: string) => string | undefined): (hostname: string) => string | undefined {
  const seen = new Map<string, string | undefined>();
  return (hostname) => {
    const known = seen.get(hostname);
    if (known !== undefined || seen.has(hostname)) return known;
    if (seen.size >= 10_000) seen.clear();
    const decision = decide(hostname);
    seen.set(hostname, decision);
    return decision;
  };
}

function kindOf(address: string): string | undefined {
  const family = familyOf(address);
  for (const { kind, list } of BLOCKED_LISTS) if (list.check(address, family)) return kind;
  const embedded = family === 'ipv6' && NAT64.check(address, 'ipv6') ? lastIpv4(address) : undefined;
  return embedded ? kindOf(embedded) : undefined;
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

function blockList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [base, prefix] = range.split('/');
    list.addSubnet(base, Number(prefix), familyOf(base));
  }
  return list;
}

/** The IPv4 address in the last 32 bits of an IPv6 address (`64:ff9b::7f00:1` → `127.0.0.1`). */
function lastIpv4(address: string): string | undefined {
  const tail = /(?:^|:)([0-9a-f]{0,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (/\d+\.\d+\.\d+\.\d+$/.test(address)) return /(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (!tail) return undefined;
  const high = parseInt(tail[1] || '0', 16);
  const low = parseInt(tail[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** `[::1]` → `::1`. */
function bare(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Lower case without the trailing dot of a fully qualified name. */
function normalName(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, '');
}
