import type { ResourceRegistry } from '@strata/registry';
import type { Request, Response } from 'express';
import { notModified, parseAccept } from '../discovery-http';
import type { OpenAPIDocuments } from './openapi-document';
import { buildOpenAPIDocuments, openAPIRoot } from './openapi-document';

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return parseAccept(accept).some((c) => c.type === 'application/json' || c.type === 'application/*' || c.type === '*/*');
}

/**
 * Serves /openapi/v3 like kube-openapi's handler3: the root lists each group/version's `?hash=` URL; a document
 * requested with the current hash is immutable (Cache-Control public, immutable; Expires a year ahead), with a
 * stale hash it is a 301 to the current URL; ETag/If-None-Match → 304 either way. Documents are rebuilt only when
 * the registry's served resources change.
 */
export class OpenAPIService {
  private fingerprint = '';
  private docs: OpenAPIDocuments = new Map();

  constructor(private readonly registry: ResourceRegistry) {}

  /** The current documents (rebuilt when the set of served resources or their verbs changed). */
  documents(): OpenAPIDocuments {
    const infos = this.registry.all().map((s) => s.definition.info);
    const fingerprint = infos.map((i) => `${i.group}/${i.version}/${i.plural}/${i.kind}/${i.listKind}/${i.namespaced}/${i.verbs.join(',')}`).join(';');
    if (fingerprint !== this.fingerprint) {
      this.docs = buildOpenAPIDocuments(infos);
      this.fingerprint = fingerprint;
    }
    return this.docs;
  }

  /**
   * Answers `path` (the request path without workspace prefix) when it is /openapi/v3 or below; returns false for
   * any other path. `pathPrefix` (`/clusters/<ws>` or "") is put in front of the URLs the root lists, since a
   * client follows them as server-relative URLs.
   */
  serve(path: string, pathPrefix: string, req: Request, res: Response): boolean {
    if (path === '/openapi/v3') {
      res.status(200).setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(openAPIRoot(this.documents(), pathPrefix)));
      return true;
    }
    if (!path.startsWith('/openapi/v3/')) return false;
    const gv = path.slice('/openapi/v3/'.length);
    const doc = this.documents().get(gv);
    res.setHeader('Vary', 'Accept');
    if (!doc) {
      res.status(404).setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('404 page not found\n');
      return true;
    }
    if (!acceptsJson(req.headers.accept)) {
      res.status(406).end();
      return true;
    }
    const etag = `"${doc.hash}"`;
    res.setHeader('ETag', etag);
    const hash = typeof req.query['hash'] === 'string' ? req.query['hash'] : '';
    if (hash !== '') {
      if (hash !== doc.hash) {
        res.status(301).setHeader('Location', `${pathPrefix}/openapi/v3/${gv}?hash=${doc.hash}`);
        res.end();
        return true;
      }
      res.setHeader('Cache-Control', 'public, immutable');
      res.setHeader('Expires', new Date(Date.now() + ONE_YEAR_MS).toUTCString());
    }
    if (notModified(req, etag)) {
      res.status(304).end();
      return true;
    }
    res.status(200).setHeader('Content-Type', 'application/json');
    res.end(req.method === 'HEAD' ? undefined : doc.body);
    return true;
  }
}
