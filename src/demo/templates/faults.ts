import type { RouteHandler } from '../site-server.js';
import { esc, jsString, send } from './page.js';

/** A column whose server fails: HTTP 500 with an error page. */
export const serverError: RouteHandler = (req, res) =>
  send(req, res, '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>', 500);

/** A server that drops the connection without answering (ECONNRESET). */
export const connectionReset: RouteHandler = (req) => {
  req.socket.destroy();
};

/** The column has moved: HTTP 302 to its new address. */
export function movedTo(location: string): RouteHandler {
  return (req, res) => {
    res.writeHead(302, { location, 'content-type': 'text/html; charset=utf-8' }).end(`<a href="${esc(location)}">${esc(location)}</a>`);
  };
}

/** A stub page with nothing but a script that sends the browser to the real list. */
export function scriptStub(target: string): RouteHandler {
  return (req, res) => send(req, res, `<html><head><meta charset="utf-8"></head><body>
<script type="text/javascript">window.location.href = ${jsString(target)};</script>
</body></html>`);
}
