/** hoodiecrow-imap ships no types: the little the test IMAP server (test-servers.ts) uses of it. */
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';
  interface Hoodiecrow {
    server: Server;
    listen(port: number, host: string, cb: () => void): void;
    close(cb?: () => void): void;
    folderCache: Record<string, { uidvalidity: number; uidnext: number; messages: Array<{ uid: number; raw: string }> }>;
  }
  function hoodiecrow(options: Record<string, unknown>): Hoodiecrow;
  export default hoodiecrow;
}
