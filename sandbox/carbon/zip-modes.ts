// Unix modes of a zip's entries, read from its central directory (fflate's unzip gives names and data only).

/** Maps each entry name to its Unix mode, for entries written on Unix (version-made-by host 3); others are absent. */
export function readZipModes(zip: Uint8Array): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const modes = new Map<string, number>();
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of at most 64 KiB.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return modes;
  let p = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  // Walk the headers while their signature holds: that also covers archives whose 16-bit entry count overflowed.
  while (p + 46 <= zip.length && view.getUint32(p, true) === 0x02014b50) {
    const host = view.getUint8(p + 5);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const mode = view.getUint32(p + 38, true) >>> 16;
    const name = decoder.decode(zip.subarray(p + 46, p + 46 + nameLen));
    if (host === 3 && mode !== 0) modes.set(name, mode);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return modes;
}
