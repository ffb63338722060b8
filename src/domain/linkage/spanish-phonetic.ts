/**
 * A phonetic key for Spanish names, so that spellings a clerk may hear the same way get
 * the same key: Yépez / Llepes, Vásquez / Básquez / Vázquez, Hernández / Ernández,
 * Jiménez / Giménez / Ximénez, Quintero / Kintero, Xiomara / Siomara.
 *
 * Our own algorithm (no maintained npm package does this), written from the grapheme-to-
 * phoneme rules of the Real Academia Española's Ortografía (2010, ch. 1) for American
 * Spanish — seseo (c/z/s alike) and yeísmo (ll/y alike) — and in the spirit of the Spanish
 * Metaphone adaptations (Mosquera, 2011). Unlike English phonetic codes it keeps vowels,
 * which Spanish spells faithfully, and works on the folded text (no accents, ñ as n).
 * The rules, applied left to right on each word:
 *   ch → C; ll → y; qu → k; gu + e/i → g; g + e/i → j; c + e/i → s; c → k; z → s;
 *   initial x + two vowels → s (Xiomara), initial x + vowel + consonant → j (Ximena),
 *   other x → ks; tz → s (Maritza); h silent; v, w → b; ph → f; n + b/v/p → m;
 *   y before a consonant or at the end → i; doubled letters collapse (rr → r, cc → ks kept).
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

/** The phonetic key of one folded word ("vasquez" → "basques"). */
export function phoneticWord(word: string): string {
  let out = '';
  const w = word;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const c = w[i]!;
    const next = w[i + 1] ?? '';
    const next2 = w[i + 2] ?? '';
    let sound = '';
    switch (c) {
      case 'c':
        if (next === 'h') {
          sound = 'C';
          i++;
        } else if (next === 'e' || next === 'i') sound = 's';
        else if (next === 'c') {
          // "acción": the first c sounds k, the second s (handled on the next letter)
          sound = 'k';
        } else sound = 'k';
        break;
      case 'l':
        if (next === 'l') {
          sound = 'y';
          i++;
        } else sound = 'l';
        break;
      case 'q':
        sound = 'k';
        if (next === 'u') i++;
        break;
      case 'g':
        if (next === 'u' && (next2 === 'e' || next2 === 'i')) {
          sound = 'g';
          i++;
        } else if (next === 'e' || next === 'i') sound = 'j';
        else sound = 'g';
        break;
      case 'z':
        sound = 's';
        break;
      case 'x':
        // Xiomara is said "siomara", but Ximena, Ximénez and Xavier keep the old j sound
        if (i === 0 && VOWELS.has(next)) sound = VOWELS.has(next2) ? 's' : 'j';
        else sound = 'ks';
        break;
      case 't':
        // Maritza, Yelitza: "tz" is said s
        if (next === 'z') {
          sound = 's';
          i++;
        } else sound = 't';
        break;
      case 'h':
        sound = '';
        break;
      case 'v':
      case 'w':
        sound = 'b';
        break;
      case 'p':
        if (next === 'h') {
          sound = 'f';
          i++;
        } else sound = 'p';
        break;
      case 'n':
        sound = next === 'b' || next === 'v' || next === 'p' ? 'm' : 'n';
        break;
      case 'y':
        sound = next === '' || !VOWELS.has(next) ? 'i' : 'y';
        break;
      case 'k':
        sound = 'k';
        break;
      default:
        sound = c;
    }
    for (const s of sound) if (out[out.length - 1] !== s) out += s;
  }
  return out;
}

/** The phonetic key of a folded text, word by word ("maria jose" → "maria jose"). */
export function phoneticKey(folded: string): string {
  if (folded.length === 0) return '';
  return folded.split(' ').map(phoneticWord).join(' ');
}
