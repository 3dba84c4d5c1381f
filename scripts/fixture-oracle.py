#!/usr/bin/env python3
"""An independent second reading of ../shared/fixtures, for the expectations of
tests/formats/fixtures.test.ts.

It applies the import rules the README documents (which units are approved, which language
is which side, what is skipped, what counts as a duplicate) with Python's ElementTree instead
of ntm's streaming reader, so that the two implementations check each other. It prints one
TypeScript table row per fixture; a disagreement with ntm is investigated by hand, not copied.

    /usr/bin/python3 scripts/fixture-oracle.py ../shared/fixtures > /tmp/rows.ts
"""
import json
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

JS_SPACE = re.compile('[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+')


def norm(s):
    return JS_SPACE.sub(' ', unicodedata.normalize('NFC', s)).strip(' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff')


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'


def lang_of(el):
    return el.get(XML_LANG) or el.get('lang')


def primary(code):
    return re.split('[-_]', code.strip())[0].lower()


def same(code, wanted):
    return bool(code and code.strip()) and primary(code) == primary(wanted)


def pick(items, code_of, wanted):
    w = wanted.lower().replace('_', '-')
    for it in items:
        c = code_of(it)
        if c is not None and c.strip().lower().replace('_', '-') == w:
            return it
    for it in items:
        if same(code_of(it), wanted):
            return it
    return None


def text(el, codes):
    """Text of an element without the content of code elements (but with what follows them)."""
    out = el.text or ''
    for c in el:
        if local(c.tag) not in codes:
            out += text(c, codes)
        out += c.tail or ''
    return out


TMX_CODES = {'bpt', 'ept', 'ph', 'it', 'ut'}
XLIFF_CODES = {'bpt', 'ept', 'ph', 'it', 'x', 'bx', 'ex', 'sc', 'ec', 'sm', 'em', 'cp'}


class Refused(Exception):
    pass


def tmx_units(root, src, tgt):
    units, with_src, with_both, out = 0, 0, 0, []
    for tu in root.iter():
        if local(tu.tag) != 'tu':
            continue
        units += 1
        tuvs = [c for c in tu if local(c.tag) == 'tuv']
        s = pick(tuvs, lang_of, src)
        if s is None:
            out.append(None)
            continue
        with_src += 1
        t = pick(tuvs, lang_of, tgt)
        if t is None or t is s:
            out.append(None)
            continue
        with_both += 1
        ss = next((c for c in s if local(c.tag) == 'seg'), None)
        ts = next((c for c in t if local(c.tag) == 'seg'), None)
        if ss is None or ts is None:
            out.append(None)
            continue
        kind, status = 'segment', 'approved'
        for p in tu:
            if local(p.tag) == 'prop' and p.get('type') == 'x-ntm-kind' and p.text in ('term', 'segment'):
                kind = p.text
            if local(p.tag) == 'prop' and p.get('type') == 'x-ntm-status' and p.text in ('approved', 'forbidden'):
                status = p.text
        out.append((kind, status, text(ss, TMX_CODES), text(ts, TMX_CODES)))
    return units, with_src, with_both, out


def seg_marks(el, out):
    for c in el:
        if local(c.tag) == 'mrk' and c.get('mtype') == 'seg':
            out[c.get('mid') or str(len(out) + 1)] = c
        else:
            seg_marks(c, out)
    return out


def xliff_units(root, src, tgt, unapproved):
    v2 = (root.get('version') or '').startswith('2.')
    units, with_src, with_both, out = 0, 0, 0, []
    parents = {c: p for p in root.iter() for c in p}

    def file_of(el):
        while el is not None and local(el.tag) != 'file':
            el = parents.get(el)
        return el

    for u in root.iter():
        name = local(u.tag)
        if not ((name == 'unit' and v2) or (name == 'trans-unit' and not v2)):
            continue
        units += 1
        target = next((c for c in u if local(c.tag) == 'target'), None)
        if v2:
            fs, ft = root.get('srcLang'), root.get('trgLang')
        else:
            f = file_of(u)
            fs = f.get('source-language') if f is not None else None
            ft = (lang_of(target) if target is not None else None) or (f.get('target-language') if f is not None else None)
        fwd = same(fs, src) and same(ft, tgt)
        bwd = same(fs, tgt) and same(ft, src)
        if same(fs, src) or same(ft, src):
            with_src += 1
        if not fwd and not bwd:
            out.append(None)
            continue
        with_both += 1

        def emit(s_el, t_el):
            s, t = text(s_el, XLIFF_CODES), text(t_el, XLIFF_CODES)
            out.append(('segment', 'approved', t, s) if bwd else ('segment', 'approved', s, t))

        if u.get('translate') == 'no':
            out.append(None)
            continue
        if v2:
            for seg in (c for c in u if local(c.tag) == 'segment'):
                s = next((c for c in seg if local(c.tag) == 'source'), None)
                t = next((c for c in seg if local(c.tag) == 'target'), None)
                if s is None or t is None or ''.join(t.itertext()).strip() == '':
                    out.append(None)
                elif (seg.get('state') or 'initial') != 'final' and not unapproved:
                    out.append(None)
                else:
                    emit(s, t)
            continue
        source = next((c for c in u if local(c.tag) == 'source'), None)
        if source is None or target is None or ''.join(target.itertext()).strip() == '':
            out.append(None)
            continue
        approved = u.get('approved') == 'yes' or (target.get('state') or '') in ('final', 'signed-off')
        seg_source = next((c for c in u if local(c.tag) == 'seg-source'), None)
        sm = seg_marks(seg_source, {}) if seg_source is not None else {}
        tm = seg_marks(target, {})
        if not sm or not tm:
            if approved or unapproved:
                emit(source, target)
            else:
                out.append(None)
            continue
        conf = {}
        for d in (c for c in u if local(c.tag) == 'seg-defs'):
            for s in d:
                if local(s.tag) == 'seg':
                    conf[s.get('id') or ''] = s.get('conf') or ''
        for mid, s in sm.items():
            t = tm.get(mid)
            if t is None or ''.join(t.itertext()).strip() == '':
                out.append(None)
            elif approved or conf.get(mid) in ('ApprovedTranslation', 'ApprovedSignOff') or unapproved:
                emit(s, t)
            else:
                out.append(None)
    return units, with_src, with_both, out


def tbx_terms(lang_set):
    out = []
    for h in lang_set:
        if local(h.tag) not in ('tig', 'ntig', 'termSec'):
            continue
        grp = next((c for c in h if local(c.tag) == 'termGrp'), h)
        term = next((c for c in grp if local(c.tag) == 'term'), None)
        if term is None:
            continue
        notes = [c for c in grp if local(c.tag) == 'termNote'] + ([] if grp is h else [c for c in h if local(c.tag) == 'termNote'])
        st = next((''.join(n.itertext()).strip() for n in notes if n.get('type') in ('administrativeStatus', 'normativeAuthorization')), None)
        out.append((''.join(term.itertext()), 'forbidden' if st and re.search('deprecated|superseded|forbidden', st, re.I) else 'approved'))
    return out


def tbx_units(root, src, tgt):
    units, with_src, with_both, out = 0, 0, 0, []
    for e in root.iter():
        if local(e.tag) not in ('termEntry', 'conceptEntry'):
            continue
        units += 1
        sets = [c for c in e if local(c.tag) in ('langSet', 'langSec')]
        ss = [t for s in sets if same(lang_of(s), src) for t in tbx_terms(s)]
        ts = [t for s in sets if same(lang_of(s), tgt) for t in tbx_terms(s)]
        if not ss:
            out.append(None)
            continue
        with_src += 1
        if not ts:
            out.append(None)
            continue
        with_both += 1
        for s, _ in ss:
            for t, status in ts:
                out.append(('term', status, s, t))
    return units, with_src, with_both, out


def count(root, fmt, src, tgt, unapproved=False):
    if fmt == 'tmx':
        units, ws, wb, items = tmx_units(root, src, tgt)
    elif fmt == 'xliff':
        units, ws, wb, items = xliff_units(root, src, tgt, unapproved)
    else:
        units, ws, wb, items = tbx_units(root, src, tgt)
    if units == 0:
        raise Refused('holds no translation units')
    if ws == 0:
        raise Refused('has no %s' % src)
    if wb == 0:
        raise Refused('has %s text but no %s' % (src, tgt))
    stored = {}
    imported = duplicates = skipped = 0
    for it in items:
        if it is None:
            skipped += 1
            continue
        kind, status, s, t = it
        ns, nt = norm(s), norm(t)
        # A term whose English equals its Dutch is a do-not-translate term (SPEC); a segment is skipped.
        if not ns or not nt or (ns == nt and kind != 'term'):
            skipped += 1
            continue
        key = (kind, ns, nt)
        if key in stored:
            if stored[key] == status:
                duplicates += 1
            else:
                skipped += 1
            continue
        stored[key] = status
        imported += 1
    return {'imported': imported, 'duplicates': duplicates, 'skipped': skipped}


def own_languages(root, fmt):
    if fmt == 'tmx':
        header = next((c for c in root if local(c.tag) == 'header'), None)
        langs = [lang_of(t) for t in root.iter() if local(t.tag) == 'tuv' and lang_of(t)]
        src = header.get('srclang') if header is not None else None
        if not src or src == '*all*':
            src = langs[0] if langs else None
        tgt = next((l for l in langs if src and primary(l) != primary(src)), None)
        return src, tgt
    if fmt == 'xliff':
        if (root.get('version') or '').startswith('2.'):
            return root.get('srcLang'), root.get('trgLang')
        f = next((e for e in root.iter() if local(e.tag) == 'file'), None)
        if f is None:
            return None, None
        tgt = f.get('target-language')
        if not tgt:
            tgt = next((lang_of(t) for t in f.iter() if local(t.tag) == 'target' and lang_of(t)), None)
        return f.get('source-language'), tgt
    langs = [lang_of(s) for s in root.iter() if local(s.tag) in ('langSet', 'langSec') and lang_of(s)]
    src = next((l for l in langs if primary(l) == 'en'), langs[0] if langs else None)
    tgt = next((l for l in langs if src and primary(l) != primary(src)), None)
    return src, tgt


def main(base):
    for folder in ('tmx', 'xliff', 'tbx'):
        for name in sorted(os.listdir(os.path.join(base, folder))):
            path = os.path.join(base, folder, name)
            row = {'file': f'{folder}/{name}'}
            if os.path.getsize(path) == 0:
                row['refused'] = 'is empty'
                print(json.dumps(row, ensure_ascii=False))
                continue
            try:
                root = ET.parse(path).getroot()
            except ET.ParseError as e:
                row['refused'] = f'not well-formed ({e})'
                print(json.dumps(row, ensure_ascii=False))
                continue
            fmt = {'tmx': 'tmx', 'xliff': 'xliff', 'martif': 'tbx', 'tbx': 'tbx'}.get(local(root.tag))
            row['format'] = fmt
            try:
                row['default'] = count(root, fmt, 'nl', 'en')
            except Refused as e:
                row['default'] = {'refused': str(e)}
            src, tgt = own_languages(root, fmt)
            if src and tgt:
                row['own'] = {'source': src, 'target': tgt}
                try:
                    row['own'].update(count(root, fmt, src, tgt))
                except Refused as e:
                    row['own']['refused'] = str(e)
                if fmt == 'xliff':
                    try:
                        row['own']['unapproved'] = count(root, fmt, src, tgt, True)
                    except Refused as e:
                        row['own']['unapproved'] = {'refused': str(e)}
            print(json.dumps(row, ensure_ascii=False))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '../shared/fixtures')
