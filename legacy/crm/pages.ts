/** The HTML pages that answer instead of JSON: nginx in front of Odoo, and werkzeug inside it. */
import { STATUS_CODES } from 'node:http';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** nginx's own error page, as a proxy answers when Odoo is dead or a rate limit trips. */
export function nginxPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** werkzeug's HTTPException page, which Odoo answers with for requests it cannot route or parse. */
export function werkzeugPage(status: number, description: string): string {
  const name = STATUS_CODES[status] ?? 'Error';
  return `<!doctype html>\n<html lang=en>\n<title>${status} ${name}</title>\n<h1>${name}</h1>\n<p>${escapeHtml(description)}</p>\n`;
}
