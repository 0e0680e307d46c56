/**
 * A small self-contained reference page: it reads `openapi.json` and lists every operation with its parameters
 * and schemas. No CDN, no build step: it has to work on a machine without internet.
 */
export const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>cwsync API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f7f8fa; }
  header { background: #1d2330; color: #fff; padding: 16px 32px; }
  main { max-width: 1000px; margin: 0 auto; padding: 16px 32px; }
  h2 { margin-top: 32px; text-transform: capitalize; }
  details { background: #fff; border: 1px solid #dde1e8; border-radius: 6px; margin: 8px 0; }
  summary { cursor: pointer; padding: 8px 12px; }
  .method { display: inline-block; width: 64px; font-weight: 700; font-family: monospace; }
  .get { color: #1b6ec2; } .post { color: #2e8540; } .put { color: #a86500; } .patch { color: #6b3fa0; } .delete { color: #c0392b; }
  code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
  pre { background: #f1f3f6; padding: 8px; overflow: auto; max-height: 420px; margin: 0 12px 12px; }
  p { margin: 4px 12px; }
</style>
</head>
<body>
<header><strong>cwsync</strong> REST API — <span id="title">loading…</span></header>
<main>
  <p>Every route except <code>/health</code>, <code>/ready</code> and this reference needs
  <code>Authorization: Bearer &lt;token&gt;</code> (make one with <code>npx cwsync token create</code>).
  The machine-readable description is <a href="openapi.json">openapi.json</a>.</p>
  <div id="operations"></div>
</main>
<script>
  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  fetch('openapi.json').then((response) => response.json()).then((spec) => {
    document.getElementById('title').textContent = spec.info.title + ' ' + spec.info.version;
    const groups = {};
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const tag = (operation.tags || ['other'])[0];
        (groups[tag] = groups[tag] || []).push({ path, method, operation });
      }
    }
    let html = '';
    for (const [tag, entries] of Object.entries(groups)) {
      html += '<h2>' + escape(tag) + '</h2>';
      for (const { path, method, operation } of entries) {
        html += '<details><summary><span class="method ' + method + '">' + method.toUpperCase() + '</span> <code>' +
          escape(path) + '</code> — ' + escape(operation.summary || '') + '</summary>';
        if (operation.parameters && operation.parameters.length) {
          html += '<p><strong>Parameters</strong></p><pre>' + escape(operation.parameters.map((p) =>
            p.in + ' ' + p.name + (p.required ? ' (required)' : '') + (p.description ? ': ' + p.description : '')).join('\\n')) + '</pre>';
        }
        const body = operation.requestBody && operation.requestBody.content;
        if (body) {
          const media = Object.values(body)[0];
          html += '<p><strong>Body</strong></p><pre>' + escape(JSON.stringify(media.schema, null, 2)) + '</pre>';
        }
        html += '<p><strong>Responses</strong>: ' + escape(Object.keys(operation.responses || {}).join(', ')) + '</p>';
        html += '</details>';
      }
    }
    document.getElementById('operations').innerHTML = html;
  });
</script>
</body>
</html>
`;
