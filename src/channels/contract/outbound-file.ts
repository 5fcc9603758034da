/**
 * A file to send with a reply, read from the media store only when the sender needs its bytes.
 * The outbox builds these (src/outbox/outbound-files.ts); senders only read them.
 */
export interface OutboundFile {
  name: string;
  contentType: string;
  size: number;
  read(): Promise<Uint8Array<ArrayBuffer>>;
}
