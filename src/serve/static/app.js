// The page of ntm serve: plain DOM and fetch, no framework and no build step. Every text from
// the TM goes into the page as text (textContent), never as HTML.
const token = document.querySelector('meta[name="ntm-token"]').content;
const $ = (id) => document.getElementById(id);

/** An element with a class and children (strings become text). */
function el(tag, className, ...children) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** Text wrapped in <mark> at the given spans (offsets into text). */
function marked(text, spans, markClass, title) {
  const out = document.createDocumentFragment();
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue;
    out.append(text.slice(at, s.start));
    const m = el('mark', markClass, text.slice(s.start, s.end));
    if (title) m.title = title;
    out.append(m);
    at = s.end;
  }
  out.append(text.slice(at));
  return out;
}

async function api(path, init = {}) {
  const res = await fetch(path, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  const body = await res.json().catch(() => ({ error: `the server answered ${res.status}` }));
  if (!res.ok) throw new Error(body.error ?? `the server answered ${res.status}`);
  return body;
}

function say(node, text, kind = '') {
  node.textContent = text;
  node.className = `status ${kind}`.trim();
}

// ---- tabs (WAI-ARIA tabs: arrows move between tabs, Alt+1…4 from anywhere) ----------------
const tabs = [...document.querySelectorAll('[role="tab"]')];
const firstField = { lookup: 'lookup-q', concordance: 'conc-q', check: 'check-nl', add: 'add-nl' };

function selectTab(tab, focusField) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focusField) $(firstField[tab.id.slice(4)]).focus();
}

for (const [i, tab] of tabs.entries()) {
  tab.addEventListener('click', () => selectTab(tab, true));
  tab.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (step) {
      const next = tabs[(i + step + tabs.length) % tabs.length];
      selectTab(next, false);
      next.focus();
      e.preventDefault();
    }
  });
}
document.addEventListener('keydown', (e) => {
  if (e.altKey && !e.ctrlKey && !e.metaKey && /^[1-4]$/.test(e.key)) {
    selectTab(tabs[Number(e.key) - 1], true);
    e.preventDefault();
  }
});

// ---- lookup as you type ------------------------------------------------------------------
const DEBOUNCE_MS = 150;
let lookupTimer = 0;
let lookupController = null;
let lookupSeq = 0;

function diffNode(diff) {
  const p = document.createDocumentFragment();
  for (const part of diff) {
    if (part.side === 'both') p.append(part.text);
    else if (part.side === 'stored') p.append(el('del', '', el('span', 'sr-only', 'only in the TM: '), part.text));
    else p.append(el('ins', '', el('span', 'sr-only', 'only in your text: '), part.text));
  }
  return p;
}

function scoreClass(score) {
  return score === 100 ? 'score exact' : score >= 85 ? 'score high' : 'score';
}

function renderMatch(m, reverse) {
  const when = (m.approvedAt ?? '').slice(0, 10);
  const meta = [`${m.approvedBy}, ${when}`, m.ref, m.tags?.length ? m.tags.map((t) => `#${t}`).join(' ') : null]
    .filter(Boolean)
    .join(' · ');
  const other = reverse ? m.source : m.target;
  const copy = el('button', 'copy', 'Copy');
  copy.type = 'button';
  copy.setAttribute('aria-label', `Copy the ${reverse ? 'Dutch' : 'English'} of match #${m.id}`);
  copy.addEventListener('click', async () => {
    await navigator.clipboard.writeText(other).catch(() => {});
    copy.textContent = 'Copied';
    setTimeout(() => (copy.textContent = 'Copy'), 1500);
  });
  const kind = m.kind === 'term' ? el('span', 'kind', 'term') : null;
  // Not yet the desk's wording: a reviewer has still to accept it ("ntm review").
  const proposed = m.status === 'proposed' ? el('span', 'badge proposed', 'proposed') : null;
  if (proposed) proposed.title = 'waiting for a reviewer: not yet the desk\'s wording';
  return el(
    'li',
    m.status === 'proposed' ? 'match proposed' : 'match',
    el('div', 'head', el('span', scoreClass(m.score), `${m.score}%`), ' ', el('span', 'id', `#${m.id}`), kind, proposed, ' ', el('span', 'meta', meta)),
    el('p', 'src', el('span', 'lang', reverse ? 'en' : 'nl'), ' ', diffNode(m.diff)),
    el('p', 'tgt', el('span', 'lang', reverse ? 'nl' : 'en'), ' ', el('span', 'text', other), ' ', copy),
    m.note ? el('p', 'note', `Note: ${m.note}`) : null,
  );
}

function renderTerms(query, terms) {
  const list = $('terms');
  list.replaceChildren();
  const echo = $('lookup-echo');
  if (terms.length === 0) {
    say($('terms-status'), query ? 'No stored terms in this sentence.' : 'Terms the desk stored appear here, with the renderings to use and to avoid.');
    echo.hidden = true;
    return;
  }
  say($('terms-status'), `${terms.length} term${terms.length === 1 ? '' : 's'} in this sentence.`);
  for (const t of terms) {
    const renderings = el('ul', 'renderings');
    for (const a of t.approved) renderings.append(el('li', 'approved', el('span', 'sr-only', 'use: '), a));
    for (const f of t.forbidden) renderings.append(el('li', 'forbidden', el('s', '', f), ' ', el('span', 'badge', 'forbidden')));
    if (t.approved.length === 0) renderings.prepend(el('li', 'none', 'no approved rendering yet'));
    list.append(el('li', 'term', el('span', 'term-nl', t.term), renderings, t.note ? el('p', 'note', t.note) : null));
  }
  echo.replaceChildren(el('span', 'lang', 'nl'), ' ', marked(query, terms.flatMap((t) => t.spans), 'term-mark'));
  echo.hidden = false;
}

async function lookupNow() {
  clearTimeout(lookupTimer);
  const q = $('lookup-q').value;
  const reverse = $('lookup-reverse').checked;
  const seq = ++lookupSeq;
  lookupController?.abort();
  if (q.trim() === '') {
    $('matches').replaceChildren();
    say($('lookup-status'), '');
    renderTerms('', []);
    return;
  }
  lookupController = new AbortController();
  const params = new URLSearchParams({ q, min: $('lookup-min').value || '70', reverse: String(reverse) });
  try {
    const res = await fetch(`/api/lookup?${params}`, { headers: { authorization: `Bearer ${token}` }, signal: lookupController.signal });
    const body = await res.json();
    if (seq !== lookupSeq) return;
    if (!res.ok) throw new Error(body.error);
    const list = $('matches');
    list.replaceChildren(...body.matches.map((m) => renderMatch(m, reverse)));
    say(
      $('lookup-status'),
      body.matches.length === 0
        ? `No approved wording scores ${params.get('min')}% or more.`
        : `${body.matches.length} match${body.matches.length === 1 ? '' : 'es'}, best ${body.matches[0].score}%.`,
    );
    renderTerms(body.query, body.terms);
  } catch (err) {
    if (err.name === 'AbortError' || seq !== lookupSeq) return;
    say($('lookup-status'), err.message, 'error');
  }
}

function lookupSoon() {
  clearTimeout(lookupTimer);
  lookupTimer = setTimeout(lookupNow, DEBOUNCE_MS);
}

$('lookup-q').addEventListener('input', lookupSoon);
$('lookup-min').addEventListener('input', lookupSoon);
$('lookup-reverse').addEventListener('change', () => {
  $('lookup-q').lang = $('lookup-reverse').checked ? 'en' : 'nl';
  document.querySelector('label[for="lookup-q"]').firstChild.textContent = $('lookup-reverse').checked ? 'English sentence ' : 'Dutch sentence ';
  lookupNow();
});
$('lookup-q').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    lookupNow();
  }
});
$('lookup-form').addEventListener('submit', (e) => {
  e.preventDefault();
  lookupNow();
});

// ---- concordance ---------------------------------------------------------------------------
function occurrences(text, phrase) {
  const hay = text.toLowerCase();
  const needle = phrase.trim().replace(/\s+/g, ' ').toLowerCase();
  const spans = [];
  if (!needle || hay.length !== text.length) return spans;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) spans.push({ start: i, end: i + needle.length });
  return spans;
}

$('conc-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = $('conc-q').value;
  const side = $('conc-side').value;
  const list = $('conc-results');
  if (q.trim() === '') return say($('conc-status'), 'Type a phrase to search for.', 'error');
  try {
    const body = await api(`/api/concordance?${new URLSearchParams({ q, target: String(side === 'target') })}`);
    list.replaceChildren(
      ...body.pairs.map((p) => {
        const src = side === 'source' ? marked(p.source, occurrences(p.source, q), 'hit') : p.source;
        const tgt = side === 'target' ? marked(p.target, occurrences(p.target, q), 'hit') : p.target;
        const forbidden = p.status === 'forbidden';
        return el(
          'li',
          forbidden ? 'pair forbidden' : 'pair',
          el('span', 'id', `#${p.id}`),
          p.kind === 'term' ? el('span', 'kind', 'term') : null,
          el('span', 'src', src),
          el('span', 'arrow', forbidden ? ' ✗ ' : ' → '),
          el('span', 'tgt', tgt),
          forbidden ? el('span', 'badge', 'forbidden') : null,
        );
      }),
    );
    say($('conc-status'), body.pairs.length === 0 ? `No stored ${side === 'source' ? 'Dutch' : 'English'} text contains “${q}”.` : `${body.pairs.length} pair${body.pairs.length === 1 ? '' : 's'}, newest first.`);
  } catch (err) {
    say($('conc-status'), err.message, 'error');
  }
});

// ---- check a pasted draft ------------------------------------------------------------------
async function checkNow() {
  const lines = (id) => $(id).value.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const nl = lines('check-nl');
  const en = lines('check-en');
  const out = $('check-results');
  out.replaceChildren();
  try {
    const body = await api('/api/check', { method: 'POST', body: JSON.stringify({ nl, en }) });
    const bySegment = new Map();
    for (const i of body.issues) {
      if (!bySegment.has(i.segment)) bySegment.set(i.segment, []);
      bySegment.get(i.segment).push(i);
    }
    for (const seg of body.segments) {
      const issues = bySegment.get(seg.segment);
      if (!issues) continue;
      const src = issues.flatMap((i) => (i.sourceSpan ? [i.sourceSpan] : []));
      const tgt = issues.flatMap((i) => (i.targetSpan ? [i.targetSpan] : []));
      const list = el('ul', 'issues', ...issues.map((i) => el('li', `issue ${i.kind}`, el('strong', 'kind', i.kind), ' ', i.message)));
      out.append(
        el(
          'article',
          'segment',
          el('h3', '', `Segment ${seg.segment}`, seg.line !== seg.segment ? el('span', 'hint', ` (line ${seg.line})`) : null),
          el(
            'div',
            'side-by-side',
            el('p', 'src', el('span', 'lang', 'nl'), ' ', marked(seg.nl, src, 'finding', 'see the findings below')),
            el('p', 'tgt', el('span', 'lang', 'en'), ' ', marked(seg.en, tgt, 'finding', 'see the findings below')),
          ),
          list,
        ),
      );
    }
    const s = body.summary;
    say(
      $('check-status'),
      s.issues === 0
        ? `Checked ${s.segments} segment${s.segments === 1 ? '' : 's'}: no issues.`
        : `Checked ${s.segments} segment${s.segments === 1 ? '' : 's'}: ${s.issues} issue${s.issues === 1 ? '' : 's'} in ${s.segmentsWithIssues} segment${s.segmentsWithIssues === 1 ? '' : 's'}.`,
      s.issues === 0 ? 'ok' : 'warn',
    );
  } catch (err) {
    say($('check-status'), err.message, 'error');
  }
}

$('check-form').addEventListener('submit', (e) => {
  e.preventDefault();
  checkNow();
});
for (const id of ['check-nl', 'check-en']) {
  $(id).addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      checkNow();
    }
  });
}

// ---- add a pair ----------------------------------------------------------------------------
$('add-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const status = $('add-status');
  try {
    const body = await api('/api/pairs', {
      method: 'POST',
      body: JSON.stringify({
        nl: $('add-nl').value,
        en: $('add-en').value,
        term: $('add-term').checked,
        ref: $('add-ref').value,
        note: $('add-note').value,
      }),
    });
    const what = `${body.status === 'proposed' ? 'proposed ' : ''}${body.pair.kind === 'term' ? 'term' : 'pair'}`;
    const told = {
      added: `Added ${what} #${body.pair.id}.${body.status === 'proposed' ? ' A reviewer approves it ("ntm review"); until then lookups show it as proposed.' : ''}`,
      promoted: `Approved ${what} #${body.pair.id}, which was proposed.`,
      duplicate: `Already stored: ${what} #${body.pair.id}. Nothing changed.`,
    };
    say(status, told[body.outcome] ?? told.duplicate, 'ok');
    const find = el('button', 'link', 'Look it up');
    find.type = 'button';
    find.addEventListener('click', () => {
      $('lookup-q').value = body.pair.source;
      $('lookup-reverse').checked = false;
      selectTab($('tab-lookup'), true);
      lookupNow();
    });
    status.append(' ', find);
  } catch (err) {
    say(status, err.message, 'error');
  }
});

$('lookup-q').focus();
