import { formatTokenAuthLine, parseTokenAuthFile, TokenFileError } from './token-auth-file';

describe('parseTokenAuthFile', () => {
  it('reads kube-apiserver token lines with quoted groups', () => {
    const users = parseTokenAuthFile('# comment\n\nt1,admin,uid-1,"system:masters,dev"\nt2, bob ,uid-2\n');
    expect(users.get('t1')).toEqual({ name: 'admin', uid: 'uid-1', groups: ['system:masters', 'dev'] });
    expect(users.get('t2')).toEqual({ name: 'bob ', uid: 'uid-2', groups: [] });
    expect(users.size).toBe(2);
  });

  it('refuses short lines, empty tokens, duplicates and broken quotes', () => {
    expect(() => parseTokenAuthFile('t1,admin')).toThrow(/at least 3 columns/);
    expect(() => parseTokenAuthFile(',admin,1')).toThrow(TokenFileError);
    expect(() => parseTokenAuthFile('t,a,1\nt,b,2')).toThrow(/line 2: duplicate token/);
    expect(() => parseTokenAuthFile('t,a,1,"g1,g2')).toThrow(/unterminated quote/);
  });

  it('round-trips a formatted line', () => {
    const user = { name: 'admin', uid: 'admin', groups: ['system:masters', 'system:authenticated'] };
    const line = formatTokenAuthLine('secret', user);
    expect(line).toBe('secret,admin,admin,"system:masters,system:authenticated"');
    expect(parseTokenAuthFile(line).get('secret')).toEqual(user);
  });
});
