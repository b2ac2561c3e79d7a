/** The function table covers the standard set and every Kyverno function of spec §4. */
import { describe, expect, it } from 'vitest'
import { functionNames } from './registry.ts'

const STANDARD = 'abs avg ceil contains ends_with floor join keys length map max max_by merge min min_by not_null reverse sort sort_by starts_with to_array to_string to_number type values sum'
const KYVERNO =
  'compare equal_fold replace replace_all to_upper to_lower trim trim_prefix split regex_replace_all regex_replace_all_literal regex_match pattern_match label_match to_boolean add sum subtract multiply divide modulo round base64_decode base64_encode path_canonicalize truncate semver_compare parse_json parse_yaml lookup items object_from_lists random x509_decode time_since time_now time_now_utc time_add time_parse time_to_cron time_utc time_diff time_before time_after time_between time_truncate image_normalize is_external_url sha256 sha1 md5'

describe('function table', () => {
  it('has every standard and Kyverno function, and nothing else', () => {
    const expected = [...new Set([...STANDARD.split(' '), ...KYVERNO.split(' ')])].sort()
    expect(functionNames()).toEqual(expected)
  })
})
