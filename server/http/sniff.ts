/** Media types recognised by their first bytes; a file's name or declared type is never trusted. */
export interface Sniffed {
  kind: 'image' | 'video';
  type: string;
}

const ascii = (b: Uint8Array, at: number, text: string) => [...text].every((ch, i) => b[at + i] === ch.charCodeAt(0));

export function sniffMedia(b: Uint8Array): Sniffed | undefined {
  if (b.length < 12) return undefined;
  if (b[0] === 0x89 && ascii(b, 1, 'PNG')) return { kind: 'image', type: 'image/png' };
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'image', type: 'image/jpeg' };
  if (ascii(b, 0, 'GIF8')) return { kind: 'image', type: 'image/gif' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return { kind: 'image', type: 'image/webp' };
  if (ascii(b, 4, 'ftyp'))
    return ascii(b, 8, 'qt  ') ? { kind: 'video', type: 'video/quicktime' } : { kind: 'video', type: 'video/mp4' };
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return { kind: 'video', type: 'video/webm' };
  return undefined;
}
