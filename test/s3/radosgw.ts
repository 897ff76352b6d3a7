/**
 * A real S3 server for tests: a throwaway single-node Ceph (Debian's `ceph-mon`, `ceph-osd`, `radosgw`) in a
 * temporary directory: one monitor, one OSD on memstore (RAM, nothing on disk), radosgw's beast frontend on
 * 127.0.0.1 and a free port, auth none inside the cluster, one S3 user made with `radosgw-admin`. It runs as
 * the current user; stop() kills the daemons (memstore has nothing to flush) and removes the directory.
 *
 * Start-up takes about 2 s: the monitor's Paxos proposal interval is cut from 1 s to 10 ms (radosgw's first
 * start creates its pools one monitor command at a time), and every pool has a single placement group.
 * radosgw's beast frontend runs with tcp_nodelay, or each GET would wait ~40 ms for a delayed ACK.
 *
 * Without the binaries the S3 tests skip with a note, unless BASIN_S3_REQUIRE=1 (set in CI by .ci/run).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port.ts';

const BINARIES = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'monmaptool', 'ceph'];

export interface RadosgwHandle {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The bucket created at start. */
  readonly bucket: string;
  /** The AWS_* environment that points Basin's S3 store (and the SDK) at this server. */
  readonly env: Readonly<Record<string, string>>;
  /** Milliseconds from start to a server that answers S3 requests with the bucket made. */
  readonly startupMs: number;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Why radosgw cannot be started here, or undefined when it can. */
export function radosgwUnavailable(): string | undefined {
  const missing = BINARIES.filter((b) => spawnSync('sh', ['-c', `command -v ${b}`], { stdio: 'ignore' }).status !== 0);
  if (missing.length > 0) {
    return `${missing.join(', ')} not found (apt-get install --no-install-recommends radosgw ceph-mon ceph-osd)`;
  }
  return undefined;
}

/** The `skip` option for S3 tests: a reason to skip, or false; never skips when BASIN_S3_REQUIRE=1. */
export function s3TestSkip(): string | false {
  const missing = radosgwUnavailable();
  return missing !== undefined && process.env.BASIN_S3_REQUIRE !== '1' ? `radosgw not available: ${missing}` : false;
}

interface Cluster {
  readonly dir: string;
  readonly children: ChildProcess[];
}

const live = new Set<Cluster>();
process.on('exit', () => {
  for (const c of live) kill(c);
});

function kill(c: Cluster): void {
  for (const child of c.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.delete(c);
  rmSync(c.dir, { recursive: true, force: true });
}

function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = v1:127.0.0.1:${monPort}
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
ms bind ipv4 = true
ms bind ipv6 = false
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 1
osd pool default pgp num = 1
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
osd crush update on start = false
osd class update on start = false
mon allow pool size one = true
mon warn on pool no redundancy = false
# a nearly full /tmp must not stop a throwaway monitor
mon data avail crit = 0
mon data avail warn = 0
paxos propose interval = 0.01
paxos min wait = 0.001
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
pid file = ${dir}/run/$name.pid
[mon.a]
mon data = ${dir}/mon
[osd.0]
osd data = ${dir}/osd
osd objectstore = memstore
memstore device bytes = 1073741824
[client.rgw.a]
# tcp_nodelay: without it every GET with a body stalls ~40 ms (Nagle's algorithm meets delayed ACKs)
rgw frontends = beast endpoint=127.0.0.1:${rgwPort} tcp_nodelay=1
rgw data = ${dir}/rgw
rgw thread pool size = 32
rgw enable usage log = false
rgw enable gc threads = false
rgw enable lc threads = false
rgw enable quota threads = false
`;
}

export async function startRadosgw(opts: { bucket?: string } = {}): Promise<RadosgwHandle> {
  const missing = radosgwUnavailable();
  if (missing !== undefined) throw new Error(missing);
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'basin-rgw-'));
  const cluster: Cluster = { dir, children: [] };
  live.add(cluster);
  try {
    for (const d of ['mon', 'osd', 'rgw', 'run', 'log']) mkdirSync(path.join(dir, d));
    const [monPort, rgwPort] = [await freePort(), await freePort()];
    const conf = path.join(dir, 'ceph.conf');
    const fsid = randomUUID();
    writeFileSync(conf, cephConf(dir, fsid, monPort, rgwPort));
    const env = { ...process.env, CEPH_ARGS: '' };
    const exitReports: string[] = [];
    const run = (cmd: string, args: string[], input?: string): string => {
      const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 60_000, ...(input === undefined ? {} : { input }) });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
      return r.stdout;
    };
    const daemon = (cmd: string, args: string[]): ChildProcess => {
      // -f: stay in the foreground as our child, so stop() can kill it by its own pid.
      const child = spawn(cmd, ['-f', '-c', conf, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
      child.once('exit', (code, signal) => {
        if (live.has(cluster)) exitReports.push(`${cmd} exited (code ${code}, signal ${signal}): ${stderr}`);
      });
      // The daemons are ours until stop(); they must not keep the test process alive by themselves.
      child.unref();
      (child.stderr as unknown as { unref?: () => void }).unref?.();
      cluster.children.push(child);
      return child;
    };

    const monmap = path.join(dir, 'monmap');
    run('monmaptool', ['--create', '--clobber', '--fsid', fsid, '--addv', 'a', `[v1:127.0.0.1:${monPort}]`, monmap]);
    run('ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', monmap, '--keyring', '/dev/null']);
    daemon('ceph-mon', ['-i', 'a']);
    // One `ceph` process (commands on stdin) for both: each start of the Python CLI costs ~0.3 s. The OSD
    // is placed in the CRUSH map here rather than by itself at boot, whose request can race its monitor
    // session and fail ('wrong fsid').
    const osdUuid = randomUUID();
    // A monitor that has just started can refuse its first clients ('EPERM: problem getting command
    // descriptions from mon') until it has formed its quorum of one: try again for a while.
    const commands = `osd new ${osdUuid} 0\nosd crush add osd.0 1.0 host=localhost root=default\n`;
    for (let attempt = 1; ; attempt++) {
      try {
        run('ceph', ['-c', conf, '--connect-timeout', '30'], commands);
        break;
      } catch (e) {
        if (attempt >= 10 || !/EPERM: problem getting command descriptions/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    run('ceph-osd', ['-c', conf, '-i', '0', '--mkfs', '--osd-uuid', osdUuid]);
    daemon('ceph-osd', ['-i', '0']);
    // radosgw waits for the OSD by itself (its first requests block until the pools are active).
    daemon('radosgw', ['-n', 'client.rgw.a']);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exitReports.length > 0) throw new Error(`a Ceph daemon died during start-up:\n${exitReports.join('\n')}\n(logs in ${dir}/log)`);
      try {
        await fetch(endpoint + '/');
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`radosgw did not answer on ${endpoint} within 60 s (logs in ${dir}/log)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const accessKeyId = 'basin-test';
    const secretAccessKey = randomUUID();
    run('radosgw-admin', ['-c', conf, 'user', 'create', '--uid', 'basin-test', '--display-name', 'Basin tests',
      '--access-key', accessKeyId, '--secret', secretAccessKey]);
    const region = 'us-east-1';
    const awsEnv = {
      AWS_ENDPOINT_URL_S3: endpoint, AWS_REGION: region, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey,
    };
    const createBucket = async (name: string): Promise<void> => {
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
      const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } finally {
        client.destroy();
      }
    };
    const bucket = opts.bucket ?? 'basin-test';
    await createBucket(bucket);
    return {
      endpoint, region, accessKeyId, secretAccessKey, bucket, env: awsEnv, createBucket,
      startupMs: Date.now() - started,
      stop: async () => {
        const exited = cluster.children.map((c) => {
          if (c.exitCode !== null || c.signalCode !== null) return undefined;
          c.ref(); // an unref'd child's exit would not keep the loop alive long enough to be seen
          return new Promise<void>((resolve) => c.once('exit', () => resolve()));
        });
        kill(cluster);
        await Promise.all(exited);
      },
    };
  } catch (e) {
    kill(cluster);
    throw e;
  }
}
