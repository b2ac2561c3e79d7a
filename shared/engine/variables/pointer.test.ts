/** Kyverno JSON-pointer helpers for `{{@}}` and `$( )`. */
import { describe, expect, it } from 'vitest'
import { currentPathExpression, parsePath, removeAnchorsFromPath, toJMESPath } from './pointer.ts'

describe('pointers', () => {
  it.each([
    ['/a/b/0', ['a', 'b', '0']],
    ['', []],
    ['//a//', ['a']],
    ['/"a/b"/c', ['a/b', 'c']],
    ['/a\\/b', ['a/b']],
  ])('parsePath(%j)', (p, segs) => expect(parsePath(p)).toEqual(segs))

  it.each([
    [['request', 'object', 'spec', 'containers', '0', 'image'], 'request.object.spec.containers[0].image'],
    [['a', 'app.kubernetes.io/name'], 'a."app.kubernetes.io/name"'],
    [['a', 'with"quote\\'], 'a."with\\"quote\\\\"'],
    [['a', '(name)'], 'a."(name)"'],
    [['a', 'x)'], 'a.x)'],
    [['a', 'tab\t\u0001'], 'a."tab\\t\\u0001"'],
  ])('toJMESPath(%j)', (segs, text) => expect(toJMESPath(segs)).toBe(text))

  it.each([
    ['/spec/containers/0/image', false, 'request.object[0].image'], // always drops two segments
    ['/validate/pattern/spec/containers/0/image', false, 'request.object.spec.containers[0].image'],
    ['/validate/foreach/0/pattern/image', false, 'request.object.image'],
    ['/mutate/patchStrategicMerge/metadata/name', true, 'target.metadata.name'],
    ['', false, 'request.object'],
  ])('{{@}} at %j', (path, target, expr) => expect(currentPathExpression(path, target)).toBe(expr))

  it.each([
    ['/spec/(containers)/0/=(image)', '/spec/containers/0/image'],
    ['/a/+(b)/^(c)/X(d)/<(e)', '/a/b/c/d/e'],
    ['/a/./b/../c', '/a/c'],
    ['a/(b)', 'a/b'],
  ])('removeAnchorsFromPath(%j)', (p, out) => expect(removeAnchorsFromPath(p)).toBe(out))
})
