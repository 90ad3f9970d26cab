/**
 * A throwaway PostgreSQL server for the SQL tests: initdb in a temp dir, started by pg_ctl on a
 * free loopback port (127.0.0.1 only, its unix socket in the temp dir), queried through psql,
 * stopped and removed after. Found on PATH or in /usr/lib/postgresql/<version>/bin (Debian's
 * `postgresql` package). initdb refuses to run as root, so under root the server runs as the
 * `postgres` user when there is one.
 */
import { execFileSync, spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PgTools {
  bin: (name: string) => string;
  /** The user to run the server as (when we are root). */
  user?: { uid: number; gid: number };
}

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir !== "" && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The PostgreSQL tools, or why they cannot be used here. */
export function findPostgres(): PgTools | string {
  let dir: string | undefined;
  const onPath = which("pg_ctl");
  if (onPath !== undefined && which("initdb") !== undefined) dir = undefined;
  else {
    const root = "/usr/lib/postgresql";
    const versions = existsSync(root) ? readdirSync(root).sort().reverse() : [];
    dir = versions.map((v) => join(root, v, "bin")).find((d) => existsSync(join(d, "pg_ctl")));
    if (dir === undefined)
      return "pg_ctl and initdb were not found (install Debian's postgresql package)";
  }
  const bin = (name: string) => (dir === undefined ? (which(name) ?? name) : join(dir, name));
  if (which("psql") === undefined && !existsSync(bin("psql"))) return "psql was not found";
  if (process.getuid?.() !== 0) return { bin };
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { bin, user: { uid, gid } };
  } catch {
    return "running as root and there is no 'postgres' user for initdb to run as";
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(
  command: string,
  args: string[],
  options: SpawnOptions & { input?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${err || out}`)),
    );
    child.stdin!.on("error", () => {});
    child.stdin!.end(options.input ?? "");
  });
}

export class PgServer {
  private constructor(
    private readonly tools: PgTools,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(tools: PgTools): Promise<PgServer> {
    const dir = mkdtempSync(join(tmpdir(), "qualify-pg-"));
    const as = tools.user === undefined ? {} : { uid: tools.user.uid, gid: tools.user.gid };
    if (tools.user !== undefined) chownSync(dir, tools.user.uid, tools.user.gid);
    const data = join(dir, "data");
    const port = await freePort();
    const server = new PgServer(tools, dir, port);
    // Stopped even when the test process ends without afterAll (a crash, a timeout).
    process.once("exit", () => server.stopSync());
    try {
      await run(
        tools.bin("initdb"),
        ["-D", data, "-U", "qualify", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"],
        { ...as, env: { ...process.env, LC_ALL: "C.UTF-8" } },
      );
      await run(
        tools.bin("pg_ctl"),
        [
          "-D",
          data,
          "-l",
          join(dir, "server.log"),
          "-w",
          "-t",
          "60",
          "-o",
          `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`,
          "start",
        ],
        as,
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** Runs SQL through psql; returns its unaligned, tuples-only output. */
  psql(sql: string, input?: string): Promise<string> {
    const args = [
      "-h",
      "127.0.0.1",
      "-p",
      String(this.port),
      "-U",
      "qualify",
      "-d",
      "postgres",
      "-X",
      "-q",
      "-A",
      "-t",
      "-v",
      "ON_ERROR_STOP=1",
    ];
    // With -c, COPY … FROM STDIN reads psql's own stdin: `input`.
    return run(this.tools.bin("psql"), [...args, "-c", sql], { input });
  }

  /** Stops the server at once (used when the process exits). */
  stopSync(): void {
    const data = join(this.dir, "data");
    if (existsSync(join(data, "postmaster.pid"))) {
      spawnSync(this.tools.bin("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], {
        stdio: "ignore",
        ...(this.tools.user === undefined
          ? {}
          : { uid: this.tools.user.uid, gid: this.tools.user.gid }),
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  async stop(): Promise<void> {
    const as =
      this.tools.user === undefined ? {} : { uid: this.tools.user.uid, gid: this.tools.user.gid };
    const data = join(this.dir, "data");
    if (existsSync(join(data, "postmaster.pid")))
      await run(this.tools.bin("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], as).catch(
        () => undefined,
      );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
