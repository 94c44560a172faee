/** A startup failure that the process reports as one line and exits non-zero on. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export function portInUse(variable: string, port: number, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') return new StartupError(`${variable}: port ${port} is already in use`);
  if (code === 'EACCES') return new StartupError(`${variable}: no permission to listen on port ${port}`);
  return error instanceof Error ? error : new Error(String(error));
}
