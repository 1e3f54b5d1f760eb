/**
 * GraphQL multipart requests (the upload spec Yoga implements) may carry one bundle archive
 * up to the bundle limit; everything else in them (operations, map) stays under the JSON body
 * cap, so a multipart request is no way around it. Checked on the bounded, already-read body
 * before Yoga parses it.
 */
import { badInput } from '../errors.js';

export const isMultipart = (contentType: string | undefined) => /^multipart\/form-data\s*;/i.test(contentType ?? '');

export function checkMultipartParts(body: Buffer, contentType: string, limits: { maxFieldBytes: number; maxFileBytes: number; maxFiles: number }): void {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw badInput('multipart request without a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let files = 0;
  let fieldBytes = 0;
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return; // the closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = headerEnd < 0 ? '' : part.subarray(0, headerEnd).toString('latin1');
    const size = part.length - (headerEnd < 0 ? 0 : headerEnd + 4);
    if (/content-disposition:[^\r\n]*;\s*filename\*?=/i.test(headers)) {
      if (++files > limits.maxFiles) throw badInput(`a request may upload at most ${limits.maxFiles} file`);
      if (size > limits.maxFileBytes + 2) throw badInput(`an uploaded file may be at most ${limits.maxFileBytes} bytes`);
    } else {
      fieldBytes += size;
      if (fieldBytes > limits.maxFieldBytes) throw badInput(`the non-file parts of a multipart request may be at most ${limits.maxFieldBytes} bytes`);
    }
    at = next;
  }
}
