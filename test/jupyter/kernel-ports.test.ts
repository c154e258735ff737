// A kernel port taken by another process, in JupyterLab's own server: Jupyter chooses
// the five ports, writes the connection file, then starts the kernel, and in between
// anything on the machine can get one of them (CI hit it once, with Chromium's
// connections). The kernel launcher then exits at once, naming the port
// (tools/kernel/bind-failure.ts), and the server's restarter starts it again on new
// ports: the learner's first cell runs a few seconds later instead of never.
// The taking is done for real, by test/tools/notebook-runner/fixtures/port-taker.mjs
// in front of the registered kernel's command line, the first time only.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../tools/notebook-runner/helpers.js';
import { createTempJupyter, run, type TempJupyter } from './helpers.js';
import { stopKernels } from './server.js';
import { installKernelFor, kernelProcesses, requireJupyterLab, startLab, stopLab, type JupyterLabVenv, type LabServer } from './jupyterlab.js';

/** Creates a kernel through the REST API and runs one cell over its WebSocket, as JupyterLab's page does. */
const CLIENT = `
import json, sys, time, urllib.request, uuid
import websocket
base, token, name = sys.argv[1:4]
started = time.time()
request = urllib.request.Request(f"{base}/api/kernels", data=json.dumps({"name": name}).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": f"token {token}"})
kernel = json.load(urllib.request.urlopen(request, timeout=60))
socket = websocket.create_connection(f"{base.replace('http', 'ws', 1)}/api/kernels/{kernel['id']}/channels?token={token}", timeout=90)
msg_id = uuid.uuid4().hex
socket.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "learner", "session": uuid.uuid4().hex,
                                   "version": "5.3", "date": ""},
                        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                        "content": {"code": "console.log(6 * 7)", "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}}))
seen = []
while True:
    message = json.loads(socket.recv())
    kind = message["header"]["msg_type"]
    if kind == "status":
        seen.append(message["content"]["execution_state"])
    elif kind == "stream":
        seen.append(message["content"]["text"])
    elif kind == "execute_reply" and message["parent_header"].get("msg_id") == msg_id:
        seen.append(message["content"]["status"])
        break
print(json.dumps({"seen": seen, "seconds": time.time() - started}))
`;

describe('JupyterLab\'s server and a kernel port another process took', () => {
  let venv: JupyterLabVenv;
  let jupyter: TempJupyter;
  let server: LabServer | undefined;
  let marker: string;

  beforeAll(async () => {
    venv = requireJupyterLab();
    jupyter = await createTempJupyter('kernel-ports');
    installKernelFor(jupyter, venv);
    // The registered kernel, behind the port taker: a kernelspec of its own beside it.
    const spec = JSON.parse(readFileSync(join(jupyter.kernelDir, 'kernel.json'), 'utf8')) as { argv: string[]; display_name: string };
    marker = join(jupyter.root, 'port-taken');
    const takerDir = join(jupyter.kernelDir, '..', 'tslab-port-taken');
    mkdirSync(takerDir);
    writeFileSync(join(takerDir, 'kernel.json'), JSON.stringify({
      ...spec,
      argv: [process.execPath, join(FIXTURES, 'port-taker.mjs'), marker, ...spec.argv],
      display_name: `${spec.display_name}, first port taken`,
    }));
    server = await startLab(jupyter, venv);
  }, 180_000);

  afterAll(async () => {
    if (server !== undefined) await stopLab(server);
    await jupyter?.remove();
  }, 60_000);

  it('the kernel says which port was taken and exits; the server starts it on new ports and the first cell runs', async () => {
    const result = await run(venv.python, ['-c', CLIENT, server!.base, server!.token, 'tslab-port-taken'], { env: jupyter.env, cwd: jupyter.workspace, timeoutMs: 120_000 });
    expect(result.code, `${result.stderr}\n${server!.log()}`).toBe(0);
    const { seen, seconds } = JSON.parse(result.stdout) as { seen: string[]; seconds: number };
    expect(existsSync(marker), 'the first start found its shell port taken').toBe(true);
    expect(server!.log()).toMatch(/tslab-kernel: could not listen on tcp:\/\/127\.0\.0\.1:\d+ \(EADDRINUSE: Address already in use\), a port of the connection file/);
    // New ports while the kernel has been up less than the restarter's stable_start_time (10 s); a slower failure keeps them, and a second try follows.
    expect(server!.log()).toMatch(/KernelRestarter: restarting kernel \(1\/\d+\)/);
    expect(seen.filter((s) => !['busy', 'idle', 'starting'].includes(s))).toEqual(['42\n', 'ok']);
    // The restarter looks every 3 s; tslab then takes a few seconds to load.
    expect(seconds).toBeLessThan(60);
  }, 180_000);

  it('after the kernels are shut down through the API, no kernel process is left', async () => {
    await stopKernels(server!);
    // The kernel exits once it has answered the shutdown request; the server may answer first.
    await expect.poll(() => kernelProcesses(jupyter), { timeout: 30_000, message: 'no kernel process once shut down' }).toEqual([]);
  }, 60_000);
});
