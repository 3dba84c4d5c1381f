// The XML readers on small files written for each rule: encodings, entities, languages,
// approval states, inline codes, TBX statuses.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { openUnits } from '../../src/formats/detect.js';
import type { LanguagePair } from '../../src/formats/languages.js';
import { isSkipped, type ReadItem, type TmUnit } from '../../src/core/units.js';

async function read(content: string | Buffer, o: { langs?: LanguagePair; includeUnapproved?: boolean } = {}): Promise<ReadItem[]> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  // Small chunks, so that every reader is exercised across chunk boundaries.
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
  const { units } = await openUnits(Readable.from(chunks), {
    file: 'in.xml',
    langs: o.langs ?? { source: 'nl', target: 'en' },
    includeUnapproved: o.includeUnapproved,
  });
  const out: ReadItem[] = [];
  for await (const u of units) out.push(u);
  return out;
}

const units = (items: ReadItem[]) => items.filter((i): i is TmUnit => !isSkipped(i));
const pairs = (items: ReadItem[]) => units(items).map((u) => [u.source, u.target]);

const tmx = (body: string, header = 'srclang="nl"') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header ${header} creationtool="t" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t"/>\n<body>\n${body}\n</body></tmx>\n`;
const tu = (nl: string, en: string, nlLang = 'nl', enLang = 'en') =>
  `<tu><tuv xml:lang="${nlLang}"><seg>${nl}</seg></tuv><tuv xml:lang="${enLang}"><seg>${en}</seg></tuv></tu>`;

describe('encodings', () => {
  const doc = tmx(tu('Syriërs vluchten', 'Syrians flee'));
  it('reads UTF-8 with and without a byte-order mark', async () => {
    expect(pairs(await read(doc))).toEqual([['Syriërs vluchten', 'Syrians flee']]);
    expect(pairs(await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)])))).toEqual([['Syriërs vluchten', 'Syrians flee']]);
  });

  it('reads UTF-16 LE and BE with a byte-order mark (Trados exports)', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(pairs(await read(le))).toEqual([['Syriërs vluchten', 'Syrians flee']]);
    expect(pairs(await read(be))).toEqual([['Syriërs vluchten', 'Syrians flee']]);
  });

  it('honours an ISO-8859-1 or windows-1252 declaration', async () => {
    const latin1 = Buffer.from(doc.replace('UTF-8', 'ISO-8859-1'), 'latin1');
    expect(pairs(await read(latin1))).toEqual([['Syriërs vluchten', 'Syrians flee']]);
    const cp1252 = Buffer.concat([
      Buffer.from(tmx(tu('3,5 miljoen ', 'EUR 3.5 million')).replace('UTF-8', 'windows-1252').split('3,5 miljoen ')[0]!, 'latin1'),
      Buffer.from([0x80]),
      Buffer.from(` 3,5 miljoen${tmx(tu('3,5 miljoen ', 'EUR 3.5 million')).split('3,5 miljoen ')[1]!}`, 'latin1'),
    ]);
    expect(pairs(await read(cp1252))).toEqual([['€ 3,5 miljoen', 'EUR 3.5 million']]);
  });

  it('refuses bytes that are not the declared encoding, and unknown encodings, with the line', async () => {
    const bad = Buffer.from(doc.replace('Syriërs', 'Syri\u00ebrs'), 'latin1');
    await expect(read(bad)).rejects.toThrow(/^in\.xml:4: is not valid UTF-8 text/);
    await expect(read(doc.replace('UTF-8', 'x-klingon'))).rejects.toThrow(/in\.xml:1: declares the encoding "x-klingon", which ntm cannot read/);
  });
});

describe('entities and well-formedness', () => {
  it('never expands an entity a DOCTYPE defines', async () => {
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY kalifaat "EXPANDED">]>\n${tmx(tu('&kalifaat;', 'caliphate')).split('\n').slice(1).join('\n')}`;
    await expect(read(doc)).rejects.toThrow(/in\.xml:\d+: uses an entity that is not one of the five XML predefines; ntm never expands/);
  });

  it('never fetches an external DTD or entity', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('<!ENTITY x "fetched">');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tmx14.dtd`;
    try {
      const plain = `<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "${url}">\n${tmx(tu('autobom', 'car bomb')).split('\n').slice(1).join('\n')}`;
      expect(pairs(await read(plain))).toEqual([['autobom', 'car bomb']]);
      const external = `<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "${url}">]>\n${tmx(tu('&x;', 'car bomb')).split('\n').slice(1).join('\n')}`;
      await expect(read(external)).rejects.toThrow(InputError);
    } finally {
      server.close();
    }
    expect(requests).toBe(0);
  });

  it('refuses a file that is not well-formed, naming the line, and one cut short', async () => {
    await expect(read(tmx(`${tu('autobom', 'car bomb')}\n<tu><tuv xml:lang="nl"><seg>a</tuv></tu>`))).rejects.toThrow(
      /^in\.xml:5: is not well-formed XML \(unexpected close tag/,
    );
    await expect(read(tmx(tu('autobom', 'car bomb')).slice(0, -20))).rejects.toThrow(/^in\.xml:\d+: is not well-formed XML/);
  });
});

describe('languages', () => {
  it('matches codes by their primary subtag in any case or separator, whichever tuv comes first', async () => {
    const doc = tmx(
      [
        tu('een', 'one', 'nl-NL', 'en-GB'),
        tu('twee', 'two', 'NL-be', 'EN'),
        tu('drie', 'three', 'nl_NL', 'en_US'),
        `<tu><tuv xml:lang="en"><seg>four</seg></tuv><tuv xml:lang="nl"><seg>vier</seg></tuv></tu>`,
      ].join('\n'),
      'srclang="*all*"',
    );
    expect(pairs(await read(doc))).toEqual([
      ['een', 'one'],
      ['twee', 'two'],
      ['drie', 'three'],
      ['vier', 'four'],
    ]);
  });

  it('reads a TMX whose source side is English the right way round', async () => {
    const doc = tmx(`<tu><tuv xml:lang="en-US"><seg>car bomb</seg></tuv><tuv xml:lang="nl"><seg>autobom</seg></tuv></tu>`, 'srclang="en-US"');
    expect(pairs(await read(doc))).toEqual([['autobom', 'car bomb']]);
  });

  it('takes only the target language from a unit with several, and skips units without it', async () => {
    const doc = tmx(
      `<tu><tuv xml:lang="nl"><seg>autobom</seg></tuv><tuv xml:lang="fr"><seg>voiture piégée</seg></tuv><tuv xml:lang="en"><seg>car bomb</seg></tuv></tu>\n` +
        `<tu><tuv xml:lang="nl"><seg>luchtdekking</seg></tuv><tuv xml:lang="de"><seg>Luftschirm</seg></tuv></tu>`,
    );
    const items = await read(doc);
    expect(pairs(items)).toEqual([['autobom', 'car bomb']]);
    expect(items.filter(isSkipped)).toEqual([{ line: 5, skipped: 'no English (en) translation in this unit (it has: nl, de)' }]);
  });

  it('refuses a file without Dutch, or without English, as a whole', async () => {
    await expect(read(tmx(tu('voiture', 'car', 'fr', 'en')))).rejects.toThrow(
      /^in\.xml: has no Dutch \(nl\) text in any of its 1 unit \(its languages: fr, en\); nothing imported/,
    );
    await expect(read(tmx(tu('autobom', 'Autobombe', 'nl', 'de')))).rejects.toThrow(/has Dutch \(nl\) text but no English \(en\) in any unit/);
  });

  it('imports other languages when asked to', async () => {
    expect(pairs(await read(tmx(tu('voiture', 'car', 'fr', 'en')), { langs: { source: 'fr', target: 'en' } }))).toEqual([['voiture', 'car']]);
  });
});

describe('inline codes', () => {
  it('keeps TMX codes as markup and gives matching the text', async () => {
    const [u] = units(
      await read(
        tmx(
          tu(
            'Klik <bpt i="1">&lt;b&gt;</bpt>hier<ept i="1">&lt;/b&gt;</ept><ph>&lt;br/&gt;</ph>, <hi type="em">nu</hi>.<it pos="begin">&lt;i&gt;</it>',
            'Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept>.',
          ),
        ),
      ),
    );
    expect(u).toMatchObject({ source: 'Klik hier, nu.', target: 'Click here.' });
    expect(u!.sourceMarkup).toBe(
      'Klik <bpt i="1">&lt;b&gt;</bpt>hier<ept i="1">&lt;/b&gt;</ept><ph>&lt;br/&gt;</ph>, <hi type="em">nu</hi>.<it pos="begin">&lt;i&gt;</it>',
    );
  });

  it('turns XLIFF <g>, <x/>, <ph> and <mrk> into TMX codes around the same text', async () => {
    const doc = `<xliff version="1.2"><file source-language="nl" target-language="en"><body>
      <trans-unit id="1" approved="yes"><source>Klik <g id="1" ctype="bold">hier</g><x id="2"/> <ph id="3">{0}</ph> <mrk mtype="term">nu</mrk></source>
      <target>Click <g id="1" ctype="bold">here</g><x id="2"/> <ph id="3">{0}</ph> <mrk mtype="term">now</mrk></target></trans-unit></body></file></xliff>`;
    const [u] = units(await read(doc));
    expect(u).toMatchObject({ source: 'Klik hier  nu', target: 'Click here  now' });
    expect(u!.sourceMarkup).toBe(
      'Klik <bpt i="1">&lt;g id="1" ctype="bold"&gt;</bpt>hier<ept i="1">&lt;/g&gt;</ept><ph>&lt;x id="2"/&gt;</ph> <ph>{0}</ph> <hi type="term">nu</hi>',
    );
  });
});

describe('XLIFF approval', () => {
  const x12 = `<xliff version="1.2"><file source-language="nl-NL" target-language="en-GB"><body>
    <trans-unit id="1" approved="yes"><source>een</source><target>one</target></trans-unit>
    <trans-unit id="2"><source>twee</source><target state="final">two</target></trans-unit>
    <trans-unit id="3"><source>drie</source><target state="signed-off">three</target></trans-unit>
    <trans-unit id="4"><source>vier</source><target state="translated">four</target></trans-unit>
    <trans-unit id="5"><source>vijf</source></trans-unit>
    <trans-unit id="6" translate="no" approved="yes"><source>zes</source><target>six</target></trans-unit>
  </body></file></xliff>`;

  it('XLIFF 1.2: imports approved="yes", final and signed-off; skips the rest with the reason', async () => {
    const items = await read(x12);
    expect(pairs(items)).toEqual([
      ['een', 'one'],
      ['twee', 'two'],
      ['drie', 'three'],
    ]);
    expect(items.filter(isSkipped).map((s) => s.skipped)).toEqual([
      'not approved (state "translated"); --include-unapproved imports it',
      'not translated (no <target> text)',
      'marked translate="no" (not for translation)',
    ]);
    expect(pairs(await read(x12, { includeUnapproved: true }))).toHaveLength(4);
  });

  it('XLIFF 1.2 from English into Dutch is imported the right way round', async () => {
    const doc = x12.replace('source-language="nl-NL" target-language="en-GB"', 'source-language="en" target-language="nl"');
    expect(pairs(await read(doc))[0]).toEqual(['one', 'een']);
  });

  it('sdlxliff: one unit per segment, approved by its confirmation level', async () => {
    const doc = `<xliff version="1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"><file source-language="nl-NL" target-language="en-US"><body>
      <trans-unit id="a"><source>Een. Twee.</source>
        <seg-source><mrk mtype="seg" mid="1">Een.</mrk> <mrk mtype="seg" mid="2">Twee.</mrk></seg-source>
        <target><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></target>
        <sdl:seg-defs><sdl:seg id="1" conf="ApprovedSignOff"/><sdl:seg id="2" conf="Translated"/></sdl:seg-defs>
      </trans-unit></body></file></xliff>`;
    const items = await read(doc);
    expect(pairs(items)).toEqual([['Een.', 'One.']]);
    expect(items.filter(isSkipped).map((s) => s.skipped)).toEqual(['not approved (confirmation "Translated"); --include-unapproved imports it']);
  });

  it('XLIFF 2.0: imports segments whose state is final', async () => {
    const doc = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="en"><file id="f"><unit id="u">
      <notes><note>desk</note></notes>
      <segment state="final"><source>een <pc id="1">vet</pc></source><target>one <pc id="1">bold</pc></target></segment>
      <segment state="translated"><source>twee</source><target>two</target></segment>
    </unit></file></xliff>`;
    const items = await read(doc);
    expect(units(items)).toMatchObject([{ source: 'een vet', target: 'one bold', note: 'desk' }]);
    expect(items.filter(isSkipped)).toHaveLength(1);
  });
});

describe('TBX', () => {
  it('TBX v3: pairs each Dutch term with each English one; deprecated/forbidden ones become forbidden renderings', async () => {
    const doc = `<?xml version="1.0"?><tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
      <conceptEntry id="c1">
        <langSec xml:lang="nl"><termSec><term>zelfbenoemde kalifaat</term></termSec></langSec>
        <langSec xml:lang="en">
          <termSec><term>self-proclaimed caliphate</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
          <termSec><term>so-called caliphate</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
          <termSec><term>pseudo-caliphate</term><termNote type="normativeAuthorization">forbidden</termNote></termSec>
          <termSec><term>caliphate</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote><descrip type="definition">short form</descrip></termSec>
        </langSec>
      </conceptEntry></body></text></tbx>`;
    expect(units(await read(doc)).map((u) => [u.kind, u.source, u.target, u.status])).toEqual([
      ['term', 'zelfbenoemde kalifaat', 'self-proclaimed caliphate', 'approved'],
      ['term', 'zelfbenoemde kalifaat', 'so-called caliphate', 'forbidden'],
      ['term', 'zelfbenoemde kalifaat', 'pseudo-caliphate', 'forbidden'],
      ['term', 'zelfbenoemde kalifaat', 'caliphate', 'approved'],
    ]);
  });
});

describe('content detection', () => {
  it('tells TMX, XLIFF, TBX, TSV and CSV apart by content, and refuses other XML', async () => {
    const { detectFormat } = await import('../../src/formats/registry.js');
    const f = (s: string) => detectFormat(Buffer.from(s), 'x').name;
    expect(f('<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">')).toBe('tmx');
    expect(f('<xliff version="2.0">')).toBe('xliff');
    expect(f('<?xml version="1.0"?><martif type="TBX">')).toBe('tbx');
    expect(f('<tbx type="TBX-Basic">')).toBe('tbx');
    expect(f('nl\ten\nautobom\tcar bomb\n')).toBe('tsv');
    expect(f('nl,en\n"Hasaka, Syrië","Hasaka, Syria"\n')).toBe('csv');
    expect(() => f('<?xml version="1.0"?><html>')).toThrow(/is XML but not TMX, XLIFF or TBX \(its root element is <html>\)/);
  });
});
