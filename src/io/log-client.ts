/**
 * A client of a Recuento server's transparency log API, for the verifier and the witness: no
 * database, no account. Every failure names the server and what went wrong.
 */
import { fromBase64 } from '../domain/translog/signed-note.js';
import { AppError } from '../shared/app-error.js';

export class LogClient {
  /** The server's address. */
  readonly base: string;

  constructor(server: string) {
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new AppError('validation_failed', 'bad server url', { publicMessage: `--server ${server} is not a URL (e.g. https://recuento.example.org).` });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new AppError('validation_failed', 'bad server url', { publicMessage: `--server ${server} must start with https:// or http://.` });
    }
    this.base = url.toString().replace(/\/$/, '');
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new AppError('database_unavailable', 'server unreachable', { publicMessage: `Cannot reach ${this.base} (${cause}).` });
    }
    if (!response.ok) {
      let message = response.statusText;
      try {
        message = ((await response.json()) as { error?: { message?: string } }).error?.message ?? message;
      } catch {}
      throw new AppError(response.status === 404 ? 'not_found' : 'validation_failed', 'server refused', {
        publicMessage: `${this.base} answered ${response.status} to ${path.split('?')[0]}: ${message}`,
      });
    }
    return response;
  }

  /** The newest checkpoint (with cosignatures). */
  async checkpoint(): Promise<string> {
    return (await this.request('/api/log/checkpoint')).text();
  }

  async consistencyProof(from: number, to: number): Promise<Uint8Array[]> {
    const body = (await (await this.request(`/api/log/proof/consistency?from=${from}&to=${to}`)).json()) as { proof: string[] };
    return decodeHashes(body.proof, this.base);
  }

  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    const body = (await (await this.request(`/api/log/proof/inclusion?index=${index}&size=${size}`)).json()) as { proof: string[] };
    return decodeHashes(body.proof, this.base);
  }

  /** The stored text of one entry. */
  async entry(index: number): Promise<string | undefined> {
    const body = (await (await this.request(`/api/log/entries?start=${index}&end=${index + 1}`)).json()) as { entries: { index: number; data: string }[] };
    return body.entries.find((e) => e.index === index)?.data;
  }

  /** Sends a cosigned checkpoint; returns the witnesses the server accepted. */
  async postCosignature(note: string): Promise<string[]> {
    const response = await this.request('/api/log/cosignatures', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: note });
    return ((await response.json()) as { accepted: string[] }).accepted;
  }
}

function decodeHashes(proof: unknown, server: string): Uint8Array[] {
  if (!Array.isArray(proof)) throw new AppError('validation_failed', 'bad proof', { publicMessage: `${server} sent a proof that is not a list of hashes.` });
  return proof.map((p) => {
    const bytes = typeof p === 'string' ? fromBase64(p) : null;
    if (bytes?.length !== 32)
      throw new AppError('validation_failed', 'bad proof', { publicMessage: `${server} sent a proof with a hash that is not base64 of 32 bytes.` });
    return bytes;
  });
}
