import { describe, expect, it } from 'vitest'
import { readXml } from './testing.ts'
import { attrs, xmlAttr, xmlText } from './xml.ts'

const HOSTILE = `a & b < c > d "e" 'f' ]]> tab\there\nline\r\nend \u0000\u001b[31m \uD800 😀 \uFFFE`

function roundTrip(value: string) {
  const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<r${attrs({ v: value })}>${xmlText(value)}</r>`
  return readXml(doc)
}

describe('XML escaping', () => {
  it('escapes markup characters in text and attributes', () => {
    expect(xmlText('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;')
    expect(xmlAttr(`"'<&>`)).toBe('&quot;&apos;&lt;&amp;&gt;')
  })

  it('produces well-formed XML for hostile strings, and the text reads back unchanged except forbidden characters', () => {
    const el = roundTrip(HOSTILE)
    const expected = HOSTILE.replace(/[\u0000\u001b\uD800\uFFFE]/g, '\uFFFD')
    expect(el.text).toBe(expected)
    // Tabs and newlines survive in attributes because they are written as references.
    expect(el.attrs.v).toBe(expected)
  })

  it('never lets ]]> through in text', () => {
    expect(xmlText(']]>')).not.toContain(']]>')
  })

  it('skips absent attributes', () => {
    expect(attrs({ a: 'x', b: undefined, c: 3 })).toBe(' a="x" c="3"')
  })

  it('the test reader itself rejects malformed XML (so passing tests mean something)', () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    expect(() => readXml(`${head}<a>&</a>`)).toThrow(/bare &/)
    expect(() => readXml(`${head}<a><b></a></b>`)).toThrow(/unbalanced/)
    expect(() => readXml(`${head}<a x="1" x="2"/>`)).toThrow(/duplicate/)
    expect(() => readXml(`${head}<a>\u0001</a>`)).toThrow(/not allowed/)
    expect(() => readXml(`${head}<a x="<"/>`)).toThrow(/malformed/)
    expect(() => readXml(`${head}<a/><b/>`)).toThrow(/more than one root/)
    expect(() => readXml(`${head}<a>&nbsp;</a>`)).toThrow(/unknown entity/)
  })
})
