/**
 * CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, newlines inside quotes; a UTF-8
 * byte-order mark dropped) into records, blank records left out.
 *
 * Fields are slices of the text, not strings built a character at a time: `s += c` leaves a chain
 * of one V8 cons string per character, and the reference data parsed at start (the HS nomenclature
 * alone: 632,648 of them) stayed in the heap for the life of the process, to be marked by every
 * major garbage collection.
 */
export function parseCsv(text: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: string[][] = [];
  const n = text.length;
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field: string;
    // Spaces before an opening quote (`a, "b, c"` from a hand-edited file) stay in the field, as the
    // quote still opens a quoted field.
    let open = i;
    while (text.charCodeAt(open) === 32 || text.charCodeAt(open) === 9) open++;
    if (text.charCodeAt(open) === 34 /* " */) {
      let start = open + 1;
      const parts: string[] = open > i ? [text.slice(i, open)] : [];
      for (;;) {
        const q = text.indexOf('"', start);
        if (q < 0) { parts.push(text.slice(start)); i = n; break; }
        if (text.charCodeAt(q + 1) === 34) { parts.push(text.slice(start, q + 1)); start = q + 2; continue; }
        parts.push(text.slice(start, q));
        i = q + 1;
        break;
      }
      // Lenient as before: text between the closing quote and the delimiter belongs to the field.
      const end = delimiter(text, i);
      if (end > i) parts.push(text.slice(i, end));
      i = end;
      field = parts.length === 1 ? parts[0] : parts.join('');
    } else {
      const end = delimiter(text, i);
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    const c = text.charCodeAt(i);
    if (c === 44 /* , */) { i++; continue; }
    if (row.length > 1 || row[0] !== '') out.push(row);
    row = [];
    if (i >= n) break;
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    if (i >= n) break;
  }
  return out;
}

/** The index of the next comma, CR or LF from `from` (or the end of the text). */
function delimiter(text: string, from: number): number {
  for (let k = from; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 44 || c === 10 || c === 13) return k;
  }
  return text.length;
}
