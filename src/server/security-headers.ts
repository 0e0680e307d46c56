import { createHash } from 'node:crypto';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

type Directives = Record<string, string[]>;

/**
 * What the built dashboard (web/dist: one module script, one stylesheet, a `data:` icon, calls to its own origin)
 * needs, and nothing more. React sets inline styles through the DOM, which `style-src 'self'` allows.
 */
const dashboardDirectives: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

function headersWith(directives: Directives): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    // HSTS belongs to whoever terminates TLS in front of cwsync; sent over plain HTTP it is ignored anyway.
    hsts: false,
    frameguard: { action: 'deny' },
  };
}

/**
 * Security headers on every answer (@fastify/helmet): a Content-Security-Policy the dashboard works under,
 * `frame-ancestors 'none'` and X-Frame-Options (no clickjacking), X-Content-Type-Options: nosniff, and helmet's
 * other defaults. Register before the routes: routes added later get the headers.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, { global: true, ...headersWith(dashboardDirectives) });
}

/**
 * Route options for a self-contained page with inline `<script>` and `<style>` (the API reference): the policy
 * above plus the hash of each inline block, so exactly those blocks run and nothing injected does.
 */
export function inlinePageHeaders(html: string): FastifyHelmetOptions {
  const hashesOf = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
      (match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`,
    );
  return headersWith({
    ...dashboardDirectives,
    'script-src': ["'self'", ...hashesOf('script')],
    'style-src': ["'self'", ...hashesOf('style')],
  });
}
