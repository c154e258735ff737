/**
 * A kernel that cannot open its ports exits at once, saying which port and why.
 *
 * Jupyter picks a kernel's five ports by asking the OS for free ones, writes them to
 * the connection file, and only then starts the kernel: in between, another process
 * can take one (an outgoing connection gets its local port from the same range).
 * tslab's `ZmqServer.init` then rejects, nobody handles it, and the kernel lives on
 * without sockets: the notebook waits for it for a minute and gives up. Here the
 * kernel instead ends with {@link BIND_FAILURE_EXIT}; JupyterLab's restarter then starts
 * it again on new ports (jupyter_client's `random_ports_until_alive`), and the notebook
 * runner does the same (`tools/notebook-runner/kernel.ts`).
 */

/** tslab's `ZmqServer`, as far as this module patches it. */
export interface BindingServerClass {
  prototype: {
    init(): Promise<void>;
    bindSocket(socket: unknown, port: number): Promise<void>;
    connInfo?: { transport?: string; ip?: string };
  };
}

/** Exit code of a kernel that could not bind a port of its connection file. */
export const BIND_FAILURE_EXIT = 5;

/** The line written to stderr when a port is taken or cannot be bound; `code` from the error, e.g. EADDRINUSE. */
export function bindFailureMessage(address: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  return `tslab-kernel: could not listen on ${address} (${code === undefined ? reason : `${code}: ${reason}`}), a port of the connection file; the kernel exits so that it can be started again on other ports\n`;
}

/**
 * Makes `server`'s startup failures end the process: a socket that cannot bind its
 * port names the address, and `exit(message)` is called with the line to print.
 */
export function exitOnBindFailure(server: BindingServerClass, exit: (message: string) => void): void {
  const { init, bindSocket } = server.prototype;
  server.prototype.bindSocket = async function (this: BindingServerClass['prototype'], socket: unknown, port: number): Promise<void> {
    try {
      await bindSocket.call(this, socket, port);
    } catch (error) {
      const address = `${this.connInfo?.transport ?? 'tcp'}://${this.connInfo?.ip ?? '?'}:${port}`;
      throw new BindError(bindFailureMessage(address, error));
    }
  };
  server.prototype.init = async function (this: BindingServerClass['prototype']): Promise<void> {
    try {
      await init.call(this);
    } catch (error) {
      exit(error instanceof BindError ? error.message : `tslab-kernel: the kernel could not start its sockets: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };
}

class BindError extends Error {
  override name = 'BindError';
}
