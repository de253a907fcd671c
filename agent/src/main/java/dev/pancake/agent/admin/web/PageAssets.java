package dev.pancake.agent.admin.web;

/**
 * The page's inline style and script. Inline, because the page must work where nothing can be
 * fetched; allowed by a per-response nonce in the Content-Security-Policy, which also stops any
 * script that escaping should ever miss.
 */
final class PageAssets {

    private PageAssets() {}

    static final String CSS = """
        :root { color-scheme: light dark; --fg: #1d232a; --muted: #5f6b76; --line: #dde3e8; --bg: #fff;
          --head: #f5f7f9; --on: #1a7f37; --on-bg: #dafbe1; --off: #6e7781; --off-bg: #eef1f4; --bad: #b42318;
          --bad-bg: #fde8e7; --accent: #8a5a00; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9aa7b3; --line: #30363d; --bg: #0d1117;
          --head: #161b22; --on: #3fb950; --on-bg: #12361f; --off: #9aa7b3; --off-bg: #21262d; --bad: #ff7b72;
          --bad-bg: #3d1412; --accent: #e3b341; } }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 1.25rem 1.5rem 3rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI",
          Roboto, sans-serif; color: var(--fg); background: var(--bg); }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; margin-bottom: .75rem; }
        h1 { margin: 0; font-size: 1.4rem; color: var(--accent); }
        h1 small { font-weight: 400; font-size: .95rem; color: var(--muted); }
        .store { margin: 0; color: var(--muted); flex: 1 1 28rem; }
        .store .dot { display: inline-block; width: .6rem; height: .6rem; border-radius: 50%; margin-right: .4rem;
          background: var(--on); }
        .store.down .dot { background: var(--bad); }
        .store.down strong { color: var(--bad); }
        .auth { display: flex; align-items: center; gap: .4rem; }
        code { font: 12.5px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        input, select, button { font: inherit; color: inherit; }
        input, select { padding: .2rem .4rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); }
        button { padding: .2rem .6rem; margin: .1rem .15rem .1rem 0; border: 1px solid var(--line); border-radius: 4px;
          background: var(--head); cursor: pointer; }
        button:hover { border-color: var(--muted); }
        button[data-verb="enable"], button[data-verb="enable-group"] { color: var(--on); }
        button[data-verb="disable"], button[data-verb="disable-group"] { color: var(--bad); }
        .read-only button { opacity: .45; cursor: not-allowed; }
        #message { min-height: 1.5rem; margin: .25rem 0 .75rem; padding: .3rem .6rem; border-radius: 4px; }
        #message:empty { visibility: hidden; }
        #message.ok { background: var(--on-bg); color: var(--on); }
        #message.error { background: var(--bad-bg); color: var(--bad); }
        .notice { padding: .4rem .6rem; border-left: 3px solid var(--accent); background: var(--head); }
        table { width: 100%; border-collapse: collapse; }
        th { text-align: left; font-weight: 600; background: var(--head); border-bottom: 1px solid var(--line); }
        th, td { padding: .45rem .6rem; vertical-align: top; }
        tbody.flag { border-bottom: 1px solid var(--line); }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .name strong { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        .methods { margin: .2rem 0 0; padding: 0; list-style: none; color: var(--muted); }
        .badge { font-size: .8rem; padding: 0 .4rem; border-radius: 8px; background: var(--bad-bg); color: var(--bad); }
        .value { display: inline-block; min-width: 2.6rem; text-align: center; font-weight: 600; padding: 0 .45rem;
          border-radius: 10px; }
        .value.on { background: var(--on-bg); color: var(--on); }
        .value.off { background: var(--off-bg); color: var(--off); }
        .value.percent { background: var(--head); }
        .source { display: block; font-size: .8rem; color: var(--muted); }
        .hint { color: var(--muted); font-size: .85rem; }
        tr.overrides td { padding-top: 0; }
        .group, .group-form { margin: .15rem 0; }
        .group-name { font-weight: 600; margin-right: .3rem; }
        .override { display: inline-block; margin: 0 .5rem .2rem 0; padding: 0 0 0 .45rem; border-radius: 10px;
          background: var(--off-bg); }
        .override.on { background: var(--on-bg); }
        .override.invalid { background: var(--bad-bg); }
        .override button { padding: 0 .4rem; margin: 0; border: 0; background: transparent; }
        .panel { margin-top: 1.5rem; }
        .panel h2 { font-size: 1.05rem; margin: 0 0 .4rem; }
        .panel h2 small { font-weight: 400; color: var(--muted); }
        .badge.stale { background: var(--off-bg); color: var(--accent); }
        .flag-history { margin-top: .2rem; color: var(--muted); font-size: .85rem; }
        .flag-history ul { margin: .2rem 0 0; padding-left: 1rem; }
        """;

    static final String SCRIPT = """
        (() => {
          'use strict';
          const KEY = 'pancake.admin.token';
          const token = document.getElementById('token');
          const message = document.getElementById('message');
          token.value = sessionStorage.getItem(KEY) || '';
          token.addEventListener('input', () => sessionStorage.setItem(KEY, token.value));
          document.getElementById('forget').addEventListener('click', () => {
            sessionStorage.removeItem(KEY);
            token.value = '';
          });
          document.getElementById('auth').addEventListener('submit', (event) => event.preventDefault());

          function say(text, ok) {
            message.textContent = text;
            message.className = ok ? 'ok' : 'error';
          }

          // One renderer: fetch the page again and swap in its parts (DOMParser runs no script).
          async function refresh() {
            const response = await fetch(location.pathname, { cache: 'no-store' });
            const page = new DOMParser().parseFromString(await response.text(), 'text/html');
            for (const id of ['store', 'flags', 'history', 'fleet', 'cleanup']) {
              const fresh = page.getElementById(id);
              if (fresh) document.getElementById(id).replaceWith(document.adoptNode(fresh));
            }
          }

          function command(button) {
            const flag = button.closest('[data-name]');
            const body = { type: flag.dataset.type, name: flag.dataset.name, verb: button.dataset.verb };
            if (body.verb.endsWith('-group')) {
              body.group = button.dataset.group || flag.querySelector('select[name=group]').value;
              if (body.verb !== 'clear-all-group') {
                body.id = button.dataset.id !== undefined ? button.dataset.id : flag.querySelector('input[name=id]').value;
              }
            }
            if (body.verb === 'set') body.percent = flag.querySelector('input[name=percent]').value;
            const reason = document.getElementById('reason').value.trim();
            if (reason) body.reason = reason;
            return body;
          }

          document.addEventListener('click', async (event) => {
            const button = event.target.closest('button[data-verb]');
            if (!button) return;
            const headers = { 'Content-Type': 'application/json' };
            if (token.value) headers.Authorization = 'Bearer ' + token.value;
            let response;
            try {
              response = await fetch('api/command', { method: 'POST', headers, body: JSON.stringify(command(button)) });
            } catch (e) {
              say('The agent did not answer: ' + e.message, false);
              return;
            }
            const answer = await response.json().catch(() => ({}));
            if (response.ok) {
              say(answer.message, true);
              await refresh().catch(() => {});
            } else {
              say(response.status + ' ' + (answer.error || response.statusText), false);
            }
          });

          // Keep the counts live, but never while the operator is typing into the table.
          setInterval(() => {
            if (!document.getElementById('flags').contains(document.activeElement)) refresh().catch(() => {});
          }, 5000);
        })();
        """;
}
