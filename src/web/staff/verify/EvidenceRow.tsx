/**
 * An item of evidence: kind, title, source, size and SHA-256; "view" fetches the file, computes its
 * SHA-256 in this browser (WebCrypto) and shows it only if it matches the hash kept. Images are shown
 * as images and text as text — neither can run anything; other files (a PDF) are downloaded to open.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../session-api.js';
import { asProblem, ProblemText } from '../ApiState.js';
import { type Evidence, evidenceContent } from '../staff-api.js';
import './words.js';

type Preview =
  | { state: 'checking' }
  | { state: 'bad' }
  | { state: 'image'; url: string }
  | { state: 'text'; text: string }
  | { state: 'other'; url: string }
  | { state: 'failed'; problem: ApiProblem };

/** A file name for a checked download: its hash, and an extension the computer knows it by. */
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'text/plain': 'txt',
  'application/json': 'json',
};

/** A file's size as people read it: bytes, KB or MB. */
const size = (bytes: number, language: string) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toLocaleString(language, { maximumFractionDigits: 1 })} KB`
      : `${(bytes / 1024 / 1024).toLocaleString(language, { maximumFractionDigits: 1 })} MB`;

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

export function EvidenceRow({ evidence }: { evidence: Evidence }) {
  const { t: s, i18n } = useTranslation('staff');
  const [preview, setPreview] = useState<Preview | null>(null);
  const asked = useRef(0); // the latest request: an answer to an older one (hidden, or asked again) is dropped
  useEffect(
    () => () => {
      if (preview?.state === 'image' || preview?.state === 'other') URL.revokeObjectURL(preview.url);
    },
    [preview],
  );
  useEffect(
    () => () => {
      asked.current += 1; // leaving: nothing arriving later is shown
    },
    [],
  );
  async function show() {
    const mine = ++asked.current;
    const settle = (next: Preview) => {
      if (asked.current === mine) setPreview(next);
      else if (next.state === 'image' || next.state === 'other') URL.revokeObjectURL(next.url);
    };
    setPreview({ state: 'checking' });
    try {
      const blob = await evidenceContent(evidence.id);
      const bytes = await blob.arrayBuffer();
      if (hex(await crypto.subtle.digest('SHA-256', bytes)) !== evidence.sha256) return settle({ state: 'bad' });
      const type = evidence.mediaType.split(';')[0]!.trim();
      if (/^image\/(png|jpeg|gif|webp)$/.test(type)) return settle({ state: 'image', url: URL.createObjectURL(new Blob([bytes], { type })) });
      if (/^text\/plain$/.test(type) || type === 'application/json') return settle({ state: 'text', text: new TextDecoder().decode(bytes) });
      settle({ state: 'other', url: URL.createObjectURL(new Blob([bytes], { type })) });
    } catch (error) {
      settle({ state: 'failed', problem: asProblem(error) });
    }
  }
  const hide = () => {
    asked.current += 1;
    setPreview(null);
  };
  return (
    <li data-testid="evidence-item">
      <p>
        <strong>{evidence.title}</strong> · {s(`verify.kinds.${evidence.kind}`)}
        {evidence.sourceOrganisation && <> · {evidence.sourceOrganisation}</>} · {size(evidence.sizeBytes, i18n.language)}
      </p>
      <p className="hash">
        {s('verify.hash')}: <code>{evidence.sha256}</code>
      </p>
      <p className="actions">
        {preview && preview.state !== 'failed' ? (
          <button type="button" className="small" onClick={hide}>
            {s('verify.hide')}
          </button>
        ) : (
          <button type="button" className="small" onClick={show}>
            {s('verify.view')}
          </button>
        )}
        <a className="button small" href={`/api/evidence/${evidence.id}/content`} download>
          {s('verify.download')}
        </a>
      </p>
      {preview?.state === 'checking' && <p role="status">{s('verify.checking')}</p>}
      {preview?.state === 'bad' && (
        <p className="error" role="alert">
          {s('verify.hashBad')}
        </p>
      )}
      {preview?.state === 'failed' && (
        <div className="error" role="alert">
          <ProblemText problem={preview.problem} />
        </div>
      )}
      {preview && ['image', 'text', 'other'].includes(preview.state) && (
        <p className="note" role="status" data-testid="hash-checked">
          {s('verify.hashOk')}
        </p>
      )}
      {preview?.state === 'image' && <img className="evidence-preview" src={preview.url} alt={s('verify.previewOf', { title: evidence.title })} />}
      {preview?.state === 'text' && (
        <figure>
          <figcaption className="visually-hidden">{s('verify.previewOf', { title: evidence.title })}</figcaption>
          <pre className="evidence-preview">{preview.text}</pre>
        </figure>
      )}
      {preview?.state === 'other' && (
        <p className="note">
          {s('verify.noPreview')}{' '}
          <a href={preview.url} download={`${evidence.sha256}.${EXTENSIONS[evidence.mediaType.split(';')[0]!.trim()] ?? 'bin'}`}>
            {s('verify.downloadChecked')}
          </a>
        </p>
      )}
    </li>
  );
}
