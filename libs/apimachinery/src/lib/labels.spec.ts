import { SelectorParseError, everythingLabelSelector, labelSelectorFromMetav1, parseLabelSelector } from './labels';

const QNAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function parseError(s: string): string {
  try {
    parseLabelSelector(s);
  } catch (e) {
    expect(e).toBeInstanceOf(SelectorParseError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(s)} to fail`);
}

describe('parseLabelSelector', () => {
  it('empty and whitespace-only selectors match everything', () => {
    for (const s of ['', '   ', '\t\n']) {
      const sel = parseLabelSelector(s);
      expect(sel.empty()).toBe(true);
      expect(sel.matches(undefined)).toBe(true);
      expect(sel.matches({ a: 'b' })).toBe(true);
      expect(sel.toString()).toBe('');
    }
  });

  it('parses every operator into sorted requirements', () => {
    const sel = parseLabelSelector('z=1, y==2 ,x!=3,w in (b,a),v notin (c),u,!t');
    expect(sel.requirements()).toEqual([
      { key: 't', operator: '!', values: [] },
      { key: 'u', operator: 'exists', values: [] },
      { key: 'v', operator: 'notin', values: ['c'] },
      { key: 'w', operator: 'in', values: ['a', 'b'] },
      { key: 'x', operator: '!=', values: ['3'] },
      { key: 'y', operator: '==', values: ['2'] },
      { key: 'z', operator: '=', values: ['1'] },
    ]);
    expect(sel.toString()).toBe('!t,u,v notin (c),w in (a,b),x!=3,y==2,z=1');
    expect(sel.empty()).toBe(false);
  });

  it('round-trips through toString', () => {
    const s = 'app in (db,web),env!=prod,!legacy,tier';
    const again = parseLabelSelector(parseLabelSelector(s).toString());
    expect(again.toString()).toBe(parseLabelSelector(s).toString());
  });

  it('matches like kube', () => {
    const eq = parseLabelSelector('app=web');
    expect(eq.matches({ app: 'web' })).toBe(true);
    expect(eq.matches({ app: 'db' })).toBe(false);
    expect(eq.matches({})).toBe(false);
    expect(eq.matches(undefined)).toBe(false);

    const ne = parseLabelSelector('app!=web');
    expect(ne.matches({ app: 'db' })).toBe(true);
    expect(ne.matches({})).toBe(true);
    expect(ne.matches({ app: 'web' })).toBe(false);

    const inSel = parseLabelSelector('env in (dev, prod)');
    expect(inSel.matches({ env: 'dev' })).toBe(true);
    expect(inSel.matches({ env: 'qa' })).toBe(false);
    expect(inSel.matches({})).toBe(false);

    const notin = parseLabelSelector('env notin (dev)');
    expect(notin.matches({ env: 'prod' })).toBe(true);
    expect(notin.matches({})).toBe(true);
    expect(notin.matches({ env: 'dev' })).toBe(false);

    expect(parseLabelSelector('tier').matches({ tier: '' })).toBe(true);
    expect(parseLabelSelector('tier').matches({})).toBe(false);
    expect(parseLabelSelector('!tier').matches({})).toBe(true);
    expect(parseLabelSelector('!tier').matches({ tier: 'x' })).toBe(false);

    const and = parseLabelSelector('a=1,b=2');
    expect(and.matches({ a: '1', b: '2', c: '3' })).toBe(true);
    expect(and.matches({ a: '1' })).toBe(false);
  });

  it('does not treat inherited properties as labels', () => {
    expect(parseLabelSelector('constructor').matches({})).toBe(false);
    expect(parseLabelSelector('!toString').matches({})).toBe(true);
  });

  it('accepts empty values', () => {
    expect(parseLabelSelector('a=').requirements()).toEqual([{ key: 'a', operator: '=', values: [''] }]);
    expect(parseLabelSelector('a=,b').requirements()).toEqual([
      { key: 'a', operator: '=', values: [''] },
      { key: 'b', operator: 'exists', values: [] },
    ]);
    expect(parseLabelSelector('a=').matches({ a: '' })).toBe(true);
    expect(parseLabelSelector('x in ()').requirements()[0].values).toEqual(['']);
    expect(parseLabelSelector('x in (foo,,baz)').requirements()[0].values).toEqual(['', 'baz', 'foo']);
    expect(parseLabelSelector('x in (,a)').requirements()[0].values).toEqual(['', 'a']);
    expect(parseLabelSelector('x in (a,)').requirements()[0].values).toEqual(['', 'a']);
    expect(parseLabelSelector('x in (a,a)').requirements()[0].values).toEqual(['a']);
  });

  it('treats in/notin as identifiers in value position', () => {
    expect(parseLabelSelector('x in (in,notin)').requirements()[0].values).toEqual(['in', 'notin']);
    expect(parseLabelSelector('x=in').requirements()[0].values).toEqual(['in']);
  });

  it('accepts prefixed keys', () => {
    const sel = parseLabelSelector('app.kubernetes.io/name=web');
    expect(sel.matches({ 'app.kubernetes.io/name': 'web' })).toBe(true);
  });

  it('reports syntax errors with kube messages', () => {
    expect(parseError('a b')).toBe("unable to parse requirement: found 'b', expected: '=', '!=', '==', 'in', notin'");
    expect(parseError('x=a=b')).toBe("found '=', expected: ',' or 'end of string'");
    expect(parseError('a,')).toBe("found '', expected: identifier after ','");
    expect(parseError('a,,b')).toBe("found ',', expected: identifier after ','");
    expect(parseError(',a')).toBe("found ',', expected: !, identifier, or 'end of string'");
    expect(parseError('=a')).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(parseError('x in a')).toBe("unable to parse requirement: found 'a' expected: '('");
    expect(parseError('x in (a b)')).toBe("unable to parse requirement: found 'b', expected: ',' or ')'");
    expect(parseError('x in (a')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(parseError('x in (=)')).toBe("unable to parse requirement: found '=', expected: ',', ')' or identifier");
    expect(parseError('x=(')).toBe("unable to parse requirement: found '(', expected: identifier");
    expect(parseError('!')).toBe("unable to parse requirement: found '', expected: identifier");
    expect(parseError('!a=b')).toBe("found '=', expected: ',' or 'end of string'");
  });

  it('accepts keyword-named keys where kube reads them as identifiers', () => {
    // kube looks ahead in value context at the start of a requirement, so `in` alone is an exists check.
    expect(parseLabelSelector('in').requirements()).toEqual([{ key: 'in', operator: 'exists', values: [] }]);
    expect(parseLabelSelector('notin=x').requirements()).toEqual([{ key: 'notin', operator: '=', values: ['x'] }]);
  });

  it('rejects > and < which this server does not support', () => {
    expect(parseError('a>1')).toBe("unable to parse requirement: operator '>' is not supported");
    expect(parseError('a<1')).toBe("unable to parse requirement: operator '<' is not supported");
  });

  it('validates keys and values like kube', () => {
    expect(parseError('-a=b')).toBe(`unable to parse requirement: Invalid value: "-a": ${QNAME_MSG}`);
    expect(parseError('a=-b')).toBe(
      "unable to parse requirement: values[0][a]: Invalid value: \"-b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
    const long = 'v'.repeat(64);
    expect(parseError(`a=${long}`)).toBe(
      `unable to parse requirement: values[0][a]: Invalid value: "${long}": must be no more than 63 characters`,
    );
    expect(parseError('a=-b,-c')).toBe(
      'unable to parse requirement: ' +
        `values[0][a]: Invalid value: "-b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  });
});

describe('labelSelectorFromMetav1', () => {
  it('converts matchLabels and matchExpressions', () => {
    const sel = labelSelectorFromMetav1({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'tier', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['a'] },
      ],
    });
    expect(sel.toString()).toBe('app=web,env in (dev,prod),!legacy,tier,zone notin (a)');
    expect(sel.matches({ app: 'web', env: 'prod', tier: 'x' })).toBe(true);
    expect(sel.matches({ app: 'web', env: 'prod', tier: 'x', legacy: 'y' })).toBe(false);
    expect(sel.matches({ app: 'web', env: 'prod', tier: 'x', zone: 'a' })).toBe(false);
  });

  it('empty matches everything, null matches nothing', () => {
    expect(labelSelectorFromMetav1({}).matches({ a: 'b' })).toBe(true);
    expect(labelSelectorFromMetav1({}).empty()).toBe(true);
    expect(labelSelectorFromMetav1(null).matches({})).toBe(false);
    expect(labelSelectorFromMetav1(undefined).empty()).toBe(false);
    expect(everythingLabelSelector().matches(undefined)).toBe(true);
  });

  it('rejects bad operators and value counts with kube messages', () => {
    expect(() =>
      labelSelectorFromMetav1({ matchExpressions: [{ key: 'a', operator: 'Foo' as 'In', values: ['x'] }] }),
    ).toThrow(new SelectorParseError('"Foo" is not a valid label selector operator'));
    expect(() => labelSelectorFromMetav1({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toThrow(
      new SelectorParseError("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty"),
    );
    expect(() => labelSelectorFromMetav1({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toThrow(
      new SelectorParseError('values: Invalid value: ["x"]: values set must be empty for exists and does not exist'),
    );
    expect(() => labelSelectorFromMetav1({ matchLabels: { 'a/b/c': 'x' } })).toThrow(/^key: Invalid value: "a\/b\/c": a qualified name/);
  });
});
