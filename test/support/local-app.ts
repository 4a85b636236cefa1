/**
 * Starts a stand-in app from apps/<name> on a free port, as its image would
 * (`node server.js` in the app's directory), for the load benchmark and the
 * specs. The app logs JSON lines; the "listening" one carries the port.
 */
import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export interface AppProcess {
  port: number;
  child: ChildProcess;
  /** Parsed JSON log lines from stdout so far. */
  events: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Resolves once the app listens; rejects if it exits first. */
export function startApp(name: "backend" | "frontend", env: Record<string, string> = {}): Promise<AppProcess> {
  const child = spawn(process.execPath, ["server.js"], {
    cwd: join(__dirname, "..", "..", "apps", name),
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const events: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines.filter(Boolean)) {
        const event = JSON.parse(line) as Record<string, unknown>;
        events.push(event);
        if (event.event === "listening") {
          resolve({
            port: Number(event.port),
            child,
            events,
            exited,
            stop: async () => {
              if (child.exitCode === null) child.kill("SIGKILL");
              await exited;
            },
          });
        }
      }
    });
    void exited.then((code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
}
