#!/usr/bin/env python3
"""Mechanical sanity check for the people actor dictionaries.

Usage: scripts/check_people.py [FILE ...]
Default: data/actors/people-*.txt relative to the repository root.

Checks: block structure (actor ID / two-space indented `key: value` fields),
kind/name/country/role presence (country may be omitted only when every role
is an IGO role), role lines with 4 ';'-separated fields, well-formed dates
(YYYY, YYYY-MM, YYYY-MM-DD) with FROM <= TO, ids unique across files, names
unique across files.  Reports single-word aliases shared by people whose
role periods overlap (possible ambiguity) as warnings, and counts per country.
Exit status 1 on any error.
"""
import glob, os, re, sys
from collections import Counter, defaultdict

ID_RE = re.compile(r'^[A-Z][A-Z0-9_]*$')
DATE_RE = re.compile(r'^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$')
CODE_RE = re.compile(r'^[A-Z]{3}([A-Z]{3})*$')
KEYS = {'kind', 'name', 'alias', 'country', 'role'}

def lo(d):   # earliest day a partial date can mean
    return (d + '-01-01')[:10] if len(d) == 4 else (d + '-01')[:10] if len(d) == 7 else d
def hi(d):   # latest day a partial date can mean
    return (d + '-12-31')[:10] if len(d) == 4 else (d + '-31')[:10] if len(d) == 7 else d

def parse(path, errors):
    people, cur = [], None
    for n, raw in enumerate(open(path, encoding='utf-8'), 1):
        line = raw.rstrip('\n')
        where = '%s:%d' % (os.path.basename(path), n)
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        if line.startswith('actor '):
            ident = line[6:].strip()
            if not ID_RE.match(ident):
                errors.append('%s: bad id %r' % (where, ident))
            cur = dict(id=ident, where=where, file=path, fields=defaultdict(list))
            people.append(cur)
            continue
        if cur is None or not line.startswith('  ') or line.startswith('   ') or ':' not in line:
            errors.append('%s: unexpected line %r' % (where, line))
            continue
        key, _, val = line.strip().partition(':')
        if key not in KEYS:
            errors.append('%s: unknown key %r' % (where, key))
        cur['fields'][key].append((val.strip(), where))
    return people

def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = argv or sorted(glob.glob(os.path.join(root, 'data/actors/people-*.txt')))
    errors, warnings, all_people = [], [], []
    for f in files:
        all_people += parse(f, errors)
    ids, names = Counter(), Counter()
    per_country = Counter()
    alias_owner = defaultdict(list)
    for p in all_people:
        F = p['fields']; w = p['where']
        ids[p['id']] += 1
        for key in ('kind', 'name', 'country'):
            if len(F.get(key, [])) > 1:
                errors.append('%s: %s: repeated %s' % (w, p['id'], key))
        if [v for v, _ in F.get('kind', [])] != ['person']:
            errors.append('%s: %s: kind must be person' % (w, p['id']))
        name = F['name'][0][0] if F.get('name') else ''
        if not name:
            errors.append('%s: %s: missing name' % (w, p['id']))
        names[name] += 1
        roles = []
        for val, rw in F.get('role', []):
            parts = [x.strip() for x in val.split(';')]
            if len(parts) != 4:
                errors.append('%s: role needs 4 fields: %r' % (rw, val)); continue
            code, title, d0, d1 = parts
            if not CODE_RE.match(code):
                errors.append('%s: bad role code %r' % (rw, code))
            if not title or title != title.lower():
                errors.append('%s: title must be lower case and non-empty: %r' % (rw, title))
            if not DATE_RE.match(d0):
                errors.append('%s: bad FROM date %r' % (rw, d0)); continue
            if d1 and not DATE_RE.match(d1):
                errors.append('%s: bad TO date %r' % (rw, d1)); continue
            if d1 and lo(d0) > hi(d1):
                errors.append('%s: FROM > TO: %r' % (rw, val))
            roles.append((code, lo(d0), hi(d1) if d1 else '9999-12-31'))
        if not roles:
            errors.append('%s: %s: no valid role' % (w, p['id']))
        country = F['country'][0][0] if F.get('country') else ''
        if not country:
            if not roles or not all(r[0].startswith('IGO') for r in roles):
                errors.append('%s: %s: missing country (allowed only for IGO-only people)' % (w, p['id']))
            per_country['(international)'] += 1
        else:
            if not re.match(r'^[A-Z]{3}$', country):
                errors.append('%s: %s: bad country %r' % (w, p['id'], country))
            per_country[country] += 1
        p['span'] = (min((r[1] for r in roles), default=''), max((r[2] for r in roles), default=''))
        for val, _ in F.get('alias', []):
            for a in val.split(';'):
                a = a.strip()
                if not a:
                    errors.append('%s: %s: empty alias' % (w, p['id']))
                elif ' ' not in a:
                    alias_owner[a].append(p)
    for i, c in ids.items():
        if c > 1: errors.append('duplicate id %s (%d times)' % (i, c))
    for n, c in names.items():
        if n and c > 1: errors.append('duplicate name %r (%d times)' % (n, c))
    for a, owners in sorted(alias_owner.items()):
        for x in range(len(owners)):
            for y in range(x + 1, len(owners)):
                p, q = owners[x], owners[y]
                if p['span'][0] <= q['span'][1] and q['span'][0] <= p['span'][1]:
                    warnings.append('alias %r shared by %s and %s with overlapping careers' % (a, p['id'], q['id']))
    for e in errors: print('ERROR', e)
    for wmsg in warnings: print('WARN ', wmsg)
    print('%d people in %d file(s); %d errors, %d warnings' % (len(all_people), len(files), len(errors), len(warnings)))
    for c, n in sorted(per_country.items()):
        print('  %-16s %4d' % (c, n))
    return 1 if errors else 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
