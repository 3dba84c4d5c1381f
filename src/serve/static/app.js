// The page of ntm serve: plain DOM and fetch, no framework and no build step. Every text from
// the TM goes into the page as text (textContent), never as HTML.
const token = document.querySelector('meta[name="ntm-token"]').content;
// The TM this page serves (its matches are not named; a reference TM's are).
const mainTm = document.querySelector('meta[name="ntm-tm"]').content;
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
  const meta = [`${m.approvedBy}, ${when}`, m.ref, m.tags?.length ? m.tags.map((t) => `#${t}`).join(' ') : null].filter(Boolean).join(' · ');
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
  if (proposed) proposed.title = "waiting for a reviewer: not yet the desk's wording";
  // Approved after the same sentence as the one before yours: the fitting one of several.
  const context = m.context ? el('span', 'badge context', 'context match') : null;
  const conflict = m.conflict ? el('span', 'badge conflict', 'conflict') : null;
  if (conflict) conflict.title = 'this sentence has other approved translations too';
  const reference = m.tm && m.tm !== mainTm ? el('span', 'badge reference', `from ${m.tm.split('/').pop()}`) : null;
  if (reference) reference.title = `reference TM (read-only): ${m.tm}`;
  return el(
    'li',
    m.status === 'proposed' ? 'match proposed' : 'match',
    el(
      'div',
      'head',
      el('span', scoreClass(m.score), `${m.score}%`),
      ' ',
      el('span', 'id', `#${m.id}`),
      kind,
      proposed,
      context,
      conflict,
      reference,
      ' ',
      el('span', 'meta', meta),
    ),
    el('p', 'src', el('span', 'lang', reverse ? 'en' : 'nl'), ' ', diffNode(m.diff)),
    el('p', 'tgt', el('span', 'lang', reverse ? 'nl' : 'en'), ' ', el('span', 'text', other), ' ', copy),
    m.note ? el('p', 'note', `Note: ${m.note}`) : null,
  );
}

/** The term pane: the stored terms of every sentence looked up, each once; the sentences with the terms marked. */
function renderTerms(sentences) {
  const list = $('terms');
  list.replaceChildren();
  const echo = $('lookup-echo');
  const seen = new Map();
  for (const s of sentences) for (const t of s.terms) if (!seen.has(t.term)) seen.set(t.term, t);
  const terms = [...seen.values()];
  const which = sentences.length > 1 ? 'these sentences' : 'this sentence';
  if (terms.length === 0) {
    say($('terms-status'), sentences.length ? `No stored terms in ${which}.` : 'Terms the desk stored appear here, with the renderings to use and to avoid.');
    echo.hidden = true;
    return;
  }
  say($('terms-status'), `${terms.length} term${terms.length === 1 ? '' : 's'} in ${which}.`);
  for (const t of terms) {
    const renderings = el('ul', 'renderings');
    for (const a of t.approved) renderings.append(el('li', 'approved', el('span', 'sr-only', 'use: '), a));
    for (const f of t.forbidden) renderings.append(el('li', 'forbidden', el('s', '', f), ' ', el('span', 'badge', 'forbidden')));
    if (t.approved.length === 0) renderings.prepend(el('li', 'none', 'no approved rendering yet'));
    list.append(el('li', 'term', el('span', 'term-nl', t.term), renderings, t.note ? el('p', 'note', t.note) : null));
  }
  echo.replaceChildren(el('span', 'lang', 'nl'));
  for (const s of sentences)
    echo.append(
      ' ',
      marked(
        s.query,
        s.terms.flatMap((t) => t.spans),
        'term-mark',
      ),
    );
  echo.hidden = false;
}

/** The filter fields (article, approver, tag, date, status) as query parameters. */
function filterParams() {
  const out = {};
  for (const [name, id] of [
    ['ref', 'f-ref'],
    ['by', 'f-by'],
    ['tag', 'f-tag'],
    ['since', 'f-since'],
    ['status', 'f-status'],
  ]) {
    const v = $(id).value.trim();
    if (v) out[name] = v;
  }
  return out;
}

/** One sentence's matches (with the sentence over them when a paragraph was pasted). */
function sentenceBlock(s, reverse, min, many) {
  const list = el('ol', 'match-list', ...s.matches.map((m) => renderMatch(m, reverse)));
  const none = s.notTranslated
    ? el('p', 'status', `Not looked up: ${s.notTranslated} (copied, not translated).`)
    : s.matches.length === 0
      ? el('p', 'status', `No approved wording scores ${min}% or more.`)
      : null;
  if (!many) return [none, list];
  return [el('section', 'sentence', el('h3', 'sentence-text', s.query), none, list)];
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
    renderTerms([]);
    return;
  }
  lookupController = new AbortController();
  const params = new URLSearchParams({ q, min: $('lookup-min').value || '70', reverse: String(reverse), ...filterParams() });
  try {
    const res = await fetch(`/api/lookup?${params}`, { headers: { authorization: `Bearer ${token}` }, signal: lookupController.signal });
    const body = await res.json();
    if (seq !== lookupSeq) return;
    if (!res.ok) throw new Error(body.error);
    // A pasted paragraph comes back sentence by sentence.
    const sentences = body.sentences ?? [body];
    const many = sentences.length > 1;
    $('matches').replaceChildren(...sentences.flatMap((x) => sentenceBlock(x, reverse, params.get('min'), many)).filter(Boolean));
    const found = sentences.reduce((n, x) => n + x.matches.length, 0);
    const best = Math.max(0, ...sentences.flatMap((x) => x.matches.map((m) => m.score)));
    say(
      $('lookup-status'),
      many
        ? `${sentences.length} sentences, ${found} match${found === 1 ? '' : 'es'}.`
        : found === 0
          ? ''
          : `${found} match${found === 1 ? '' : 'es'}, best ${best}%.`,
    );
    renderTerms(reverse ? [] : sentences);
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
for (const id of ['f-ref', 'f-by', 'f-tag', 'f-since', 'f-status']) $(id).addEventListener('change', lookupSoon);
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
/** Where the phrase stands, as the server found it (spans into the shown text). */
function hits(text, spans) {
  return marked(text, spans ?? [], 'hit');
}

$('conc-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = $('conc-q').value;
  const side = $('conc-side').value;
  const list = $('conc-results');
  if (q.trim() === '') return say($('conc-status'), 'Type a phrase to search for.', 'error');
  try {
    const params = new URLSearchParams({
      q,
      target: String(side === 'target'),
      whole: String($('conc-whole').checked),
      case: String($('conc-case').checked),
      ...filterParams(),
    });
    const body = await api(`/api/concordance?${params}`);
    list.replaceChildren(
      ...body.pairs.map((p) => {
        const src = side === 'source' ? hits(p.source, p.spans) : p.source;
        const tgt = side === 'target' ? hits(p.target, p.spans) : p.target;
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
          p.status === 'proposed' ? el('span', 'badge proposed', 'proposed') : null,
        );
      }),
    );
    say(
      $('conc-status'),
      body.pairs.length === 0
        ? `No stored ${side === 'source' ? 'Dutch' : 'English'} text contains “${q}”.`
        : `${body.pairs.length} pair${body.pairs.length === 1 ? '' : 's'}, newest first.`,
    );
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
      // The severity in words as well as in colour, as ntm check prints it.
      const list = el(
        'ul',
        'issues',
        ...issues.map((i) =>
          el('li', `issue ${i.kind} ${i.severity}`, el('strong', 'kind', i.kind), ' ', i.message, ' ', el('span', 'severity', `(${i.severity})`)),
        ),
      );
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
