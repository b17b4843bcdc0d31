import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UserError } from '../core/errors.js';

/**
 * Reads a file a flag names (--config, --cert, --from-env-file…): only a regular file, and only
 * up to `maxBytes`. A FIFO, a device such as /dev/zero or a folder is refused instead of
 * blocking or reading without end. O_NONBLOCK lets the open of a FIFO without a writer return at
 * once, so it can be refused by its type; a regular file ignores the flag.
 */
export function readUserFile(path: string, field: string, maxBytes: number, allowed: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UserError(field, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, allowed);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UserError(field, `is ${kindOf(stat)}, not a regular file`, allowed);
    if (stat.size > maxBytes) throw new UserError(field, `is ${stat.size} bytes, more than ${maxBytes}`, allowed);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      // A file that grew while it was read is cut at the limit, not read on.
      if (length === buffer.length) throw new UserError(field, `is more than ${maxBytes} bytes`, allowed);
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(field, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, allowed);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}
